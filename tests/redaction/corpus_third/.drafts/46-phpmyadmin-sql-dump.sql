-- phpMyAdmin SQL Dump
-- version ⟮version|5.2.1⟯
-- Host: localhost:3306
-- Generation Time: ⟮timestamp|Dec 04, 2026 at 08:41 AM⟯
-- Server version: ⟮version|10.11.8-MariaDB-0ubuntu0.24.04.1⟯
-- (customer attached this "so you can see the settings" — ticket ⟮order|SM-48617⟯)

INSERT INTO `wp_users` (`ID`, `user_login`, `user_pass`, `user_nicename`, `user_email`, `user_registered`, `user_activation_key`, `display_name`) VALUES
(1, 'admin', '⟬password-hash|$wp$2y$10$Qm3kX8vTz1LpR7wN2aYc4uE6bH9dF0gJ5sK3mV7xZ1qP8rT2yW4nA⟭', 'admin', '⟬email|eigenaar@kaasboerderij-hoeve.nl⟭', '⟮timestamp|2021-03-14 10:22:51⟯', '', '⟬name|Gerrit Hoekstra⟭'),
(2, 'marijke', '⟬password-hash|$P$BxT8kL2mQ9vZ3pR7wN1aYc4uE6bH9dF⟭', 'marijke', '⟬email|marijke.hoekstra@ziggo.nl⟭', '⟮timestamp|2022-07-02 08:11:09⟯', '⟬secret|1733304061:$P$Bk2LmT8vXq9zR3wN7aYc4uE6bH1dF0g⟭', '⟬name|Marijke Hoekstra⟭'),
(3, 'sophmate-support', '⟬password-hash|$wp$2y$10$Vb7nM2kL8qX3tR9wZ1aYc4uE6hJ0dF5gS3mP7xQ2vT8rN4yW1bK⟭', 'sophmate-support', 'support@sophmate.com', '⟮timestamp|2026-12-03 14:00:00⟯', '', 'SophMate Support');

INSERT INTO `wp_options` (`option_id`, `option_name`, `option_value`, `autoload`) VALUES
(812, 'sophmate_settings', 'a:6:{s:8:\"provider\";s:6:\"openai\";s:10:\"openai_key\";s:164:\"⟬openai@k1⟭\";s:13:\"license_code\";s:36:\"⟬envato@p1⟭\";s:11:\"smtp_passwd\";s:19:\"⟬smtp-password|Gouda!Boerenkaas_55⟭\";s:12:\"notify_email\";s:31:\"⟬email|eigenaar@kaasboerderij-hoeve.nl⟭\";s:7:\"version\";s:5:\"⟮version|3.8.2⟯\";}', 'yes'),
(813, 'sophmate_last_error', '{\"code\":\"⟮error|insufficient_quota⟯\",\"request_id\":\"⟮id@req:r1⟯\",\"at\":\"⟮timestamp|2026-12-04T07:58:12Z⟯\"}', 'no'),
(814, 'woocommerce_stripe_settings', 'a:3:{s:10:\"secret_key\";s:107:\"⟬stripe@sk1⟭\";s:15:\"publishable_key\";s:107:\"pk_live_51QxR2bLkT8mWq0pZ3aVcN7eYfH4uJ6sD9gK1lX5oB2rE8tI0yU3wA7nM4qS6vC1zF9hJ2kL5pO8iR3eT7yW0xD4\";s:14:\"webhook_secret\";s:38:\"⟬secret@whsec:w1⟭\";}', 'yes'),
(815, 'mailchimp-woocommerce', 'a:2:{s:7:\"api_key\";s:37:\"⟬mailchimp|⟪md5@mc1⟫-us21⟭\";s:7:\"list_id\";s:10:\"⟮id|a1b2c3d4e5⟯\";}', 'yes'),
(816, 'sophmate_db_hash', '⟮hash@sha1:h1⟯', 'yes');

INSERT INTO `wp_wc_orders` (`id`, `status`, `currency`, `total_amount`, `billing_email`, `ip_address`, `transaction_id`) VALUES
(⟮order|40221⟯, 'wc-completed', 'EUR', 38.50, '⟬email|j.vanderveen@kpnmail.nl⟭', '⟬ip@ip1⟭', '⟮pi@p1⟯'),
(⟮order|40222⟯, 'wc-refunded', 'EUR', 12.95, '⟬email|s.bakker1971@hotmail.com⟭', '⟬ip@ipv6:v1⟭', '⟮pi@p2⟯');
