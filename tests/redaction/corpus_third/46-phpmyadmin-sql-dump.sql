-- phpMyAdmin SQL Dump
-- version ⟦k:version⟧5.2.1⟦/k⟧
-- Host: localhost:3306
-- Generation Time: ⟦k:timestamp⟧Dec 04, 2026 at 08:41 AM⟦/k⟧
-- Server version: ⟦k:version⟧10.11.8-MariaDB-0ubuntu0.24.04.1⟦/k⟧
-- (customer attached this "so you can see the settings" — ticket ⟦k:order⟧SM-48617⟦/k⟧)

INSERT INTO `wp_users` (`ID`, `user_login`, `user_pass`, `user_nicename`, `user_email`, `user_registered`, `user_activation_key`, `display_name`) VALUES
(1, 'admin', '⟦s:credential:password-hash⟧$wp$2y$10$Qm3kX8vTz1LpR7wN2aYc4uE6bH9dF0gJ5sK3mV7xZ1qP8rT2yW4nA⟦/s⟧', 'admin', '⟦s:private:email⟧eigenaar@kaasboerderij-hoeve.nl⟦/s⟧', '⟦k:timestamp⟧2021-03-14 10:22:51⟦/k⟧', '', '⟦s:private:name⟧Gerrit Hoekstra⟦/s⟧'),
(2, 'marijke', '⟦s:credential:password-hash⟧$P$BxT8kL2mQ9vZ3pR7wN1aYc4uE6bH9dF⟦/s⟧', 'marijke', '⟦s:private:email⟧marijke.hoekstra@ziggo.nl⟦/s⟧', '⟦k:timestamp⟧2022-07-02 08:11:09⟦/k⟧', '⟦s:credential:secret⟧1733304061:$P$Bk2LmT8vXq9zR3wN7aYc4uE6bH1dF0g⟦/s⟧', '⟦s:private:name⟧Marijke Hoekstra⟦/s⟧'),
(3, 'sophmate-support', '⟦s:credential:password-hash⟧$wp$2y$10$Vb7nM2kL8qX3tR9wZ1aYc4uE6hJ0dF5gS3mP7xQ2vT8rN4yW1bK⟦/s⟧', 'sophmate-support', 'support@sophmate.com', '⟦k:timestamp⟧2026-12-03 14:00:00⟦/k⟧', '', 'SophMate Support');

INSERT INTO `wp_options` (`option_id`, `option_name`, `option_value`, `autoload`) VALUES
(812, 'sophmate_settings', 'a:6:{s:8:\"provider\";s:6:\"openai\";s:10:\"openai_key\";s:164:\"⟦s:provider_key:openai⟧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⟦/s⟧\";s:13:\"license_code\";s:36:\"⟦s:purchase_code:envato⟧4de9bd51-617d-48b4-818d-61fcb13820ae⟦/s⟧\";s:11:\"smtp_passwd\";s:19:\"⟦s:credential:smtp-password⟧Gouda!Boerenkaas_55⟦/s⟧\";s:12:\"notify_email\";s:31:\"⟦s:private:email⟧eigenaar@kaasboerderij-hoeve.nl⟦/s⟧\";s:7:\"version\";s:5:\"⟦k:version⟧3.8.2⟦/k⟧\";}', 'yes'),
(813, 'sophmate_last_error', '{\"code\":\"⟦k:error⟧insufficient_quota⟦/k⟧\",\"request_id\":\"⟦k:id⟧req_fef77a8c0a5635261c6223a92a107037⟦/k⟧\",\"at\":\"⟦k:timestamp⟧2026-12-04T07:58:12Z⟦/k⟧\"}', 'no'),
(814, 'woocommerce_stripe_settings', 'a:3:{s:10:\"secret_key\";s:107:\"⟦s:service_token:stripe⟧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⟦/s⟧\";s:15:\"publishable_key\";s:107:\"pk_live_51QxR2bLkT8mWq0pZ3aVcN7eYfH4uJ6sD9gK1lX5oB2rE8tI0yU3wA7nM4qS6vC1zF9hJ2kL5pO8iR3eT7yW0xD4\";s:14:\"webhook_secret\";s:38:\"⟦s:credential:secret⟧whsec_ZbQvdb1WbtAscJpEgm43nem4W4Q5yOW5⟦/s⟧\";}', 'yes'),
(815, 'mailchimp-woocommerce', 'a:2:{s:7:\"api_key\";s:37:\"⟦s:service_token:mailchimp⟧c9a1b19920518568548ef84282f6c440-us21⟦/s⟧\";s:7:\"list_id\";s:10:\"⟦k:id⟧a1b2c3d4e5⟦/k⟧\";}', 'yes'),
(816, 'sophmate_db_hash', '⟦k:hash⟧57c9dc3d94547ccee0b309e95aea442969bcc9c5⟦/k⟧', 'yes');

INSERT INTO `wp_wc_orders` (`id`, `status`, `currency`, `total_amount`, `billing_email`, `ip_address`, `transaction_id`) VALUES
(⟦k:order⟧40221⟦/k⟧, 'wc-completed', 'EUR', 38.50, '⟦s:private:email⟧j.vanderveen@kpnmail.nl⟦/s⟧', '⟦s:private:ip⟧82.153.203.141⟦/s⟧', '⟦k:stripe-id⟧pi_3H41R1zZ8QtgoGRJl0iL7K9N⟦/k⟧'),
(⟦k:order⟧40222⟦/k⟧, 'wc-refunded', 'EUR', 12.95, '⟦s:private:email⟧s.bakker1971@hotmail.com⟦/s⟧', '⟦s:private:ip⟧2a02:cc6a:4d3e:7f8d::9b98⟦/s⟧', '⟦k:stripe-id⟧pi_3aNHR1y6dF7xaHpCrgk5QpFt⟦/k⟧');
