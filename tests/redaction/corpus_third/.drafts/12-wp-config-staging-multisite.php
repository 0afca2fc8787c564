<?php
/**
 * wp-config.php — staging.agentur-sonnenhof.at (Multisite)
 * Zuletzt geändert: ⟮timestamp|2026-11-28 22:10:05⟯ von deploy (⟮git-sha@g1⟯)
 */

// ** Datenbank ** //
define( 'DB_NAME',     'sonnenhof_stg' );
define( 'DB_USER',     'sonnenhof_stg' );
define( 'DB_PASSWORD', "⟬db-password|Alm\$Hütte-Zell-2026⟭" ); // doppelte Anführungszeichen, $ maskiert
define( 'DB_HOST',     'db-stg.internal:3306' );
define( 'DB_CHARSET',  'utf8mb4' );

// alter Zugang, nicht mehr gültig?  define( 'DB_PASSWORD', '⟬db-password|Sonnenhof2019!⟭' );

define( 'AUTH_KEY',         '⟬salt@s1⟭' );
define( 'SECURE_AUTH_KEY',  '⟬salt@s2⟭' );
define( 'LOGGED_IN_KEY',    '⟬salt@s3⟭' );
define( 'NONCE_KEY',        '⟬salt@s4⟭' );
define( 'AUTH_SALT',        'put your unique phrase here' );
define( 'SECURE_AUTH_SALT', '⟬salt@s5⟭' );
define( 'LOGGED_IN_SALT',   '⟬salt@s6⟭' );
define( 'NONCE_SALT',       '⟬salt@s7⟭' );

define( 'WP_ALLOW_MULTISITE', true );
define( 'DOMAIN_CURRENT_SITE', 'staging.agentur-sonnenhof.at' );

// SophMate
define( 'SOPHMATE_PROVIDER', 'openrouter' );
define( 'SOPHMATE_OPENROUTER_KEY', '⟬openrouter@o1⟭' );
define( 'SOPHMATE_FALLBACK_KEY', getenv( 'SOPHMATE_FALLBACK_KEY' ) ?: '⟮other|<api-key>⟯' );
define( 'SOPHMATE_LICENSE', '⟬envato@p1⟭' );
define( 'SOPHMATE_LOG_LEVEL', 'debug' );

// WP Mail SMTP (Brevo)
define( 'WPMS_ON', true );
define( 'WPMS_SMTP_HOST', 'smtp-relay.brevo.com' );
define( 'WPMS_SMTP_USER', '⟬email|technik@agentur-sonnenhof.at⟭' );
define( 'WPMS_SMTP_PASS', '⟬smtp-password@brevo:b1⟭' );
define( 'WPMS_BREVO_API_KEY', '⟬brevo@b2⟭' );

// Redis
define( 'WP_REDIS_PASSWORD', [ 'default', '⟬db-password|r3d1s-St4ging-Pw⟭' ] );

// Cloudflare (Plugin "Cloudflare")
define( 'CLOUDFLARE_EMAIL', '⟬email|admin@agentur-sonnenhof.at⟭' );
define( 'CLOUDFLARE_API_KEY', '⟬cloudflare@c1⟭' );

// Beispiel aus der Doku, nicht echt:
// define( 'SOPHMATE_OPENAI_KEY', '⟮other|sk-xxxx...⟯' );
// define( 'DB_PASSWORD', '⟮other|$PASSWORD⟯' );

$table_prefix = 'sh_';
define( 'WP_DEBUG', true );
define( 'WP_DEBUG_LOG', '⟮path|/var/log/wordpress/sonnenhof-stg-debug.log⟯' );
require_once ABSPATH . 'wp-settings.php';
