<?php
/**
 * The base configuration for WordPress
 * (copied from the customer's server by the hosting support, ticket ⟦k:order⟧HX-229187⟦/k⟧)
 *
 * @link https://developer.wordpress.org/advanced-administration/wordpress/wp-config/
 * @package WordPress
 */

// ** Database settings - You can get this info from your web host ** //
/** The name of the database for WordPress */
define( 'DB_NAME', 'wp_gartenmoebel' );

/** Database username */
define( 'DB_USER', 'gm_wpuser' );

/** Database password */
define( 'DB_PASSWORD', '⟦s:credential:db-password⟧Lp9$wQ!v2Rkz#Hm4⟦/s⟧' );

/** Database hostname */
define( 'DB_HOST', '⟦s:private:ip⟧10.42.7.19⟦/s⟧:3306' );

define( 'DB_CHARSET', 'utf8mb4' );
define( 'DB_COLLATE', '' );

/* read replica, added by the agency */
define('DB_PASSWORD_REPLICA',"⟦s:credential:db-password⟧r3pl1ca-Garten-77⟦/s⟧");
define ( "DB_HOST_REPLICA" , "⟦s:private:ip⟧10.42.7.23⟦/s⟧" ) ;

/**#@+
 * Authentication unique keys and salts.
 */
define( 'AUTH_KEY',         '⟦s:credential:salt⟧J%_kOgS*mFwu)].5Q_x1Qk/+@5mMbC0]V8EH*AS[QM1LxyEldS20Op%PoPfCnY0%⟦/s⟧' );
define( 'SECURE_AUTH_KEY',  '⟦s:credential:salt⟧gSR<:iaj;25QH*duuuAU1IOF@N64:lOY1^[0!VSYtjM*?&DU~~TbY.%BYI<z0e_m⟦/s⟧' );
define( 'LOGGED_IN_KEY',    '⟦s:credential:salt⟧NDu%K)3a:vH3EuGBo?*N]|Y;|clFqestQ]FC.|Wg5d|in?:IDB(Yw6O@k%!cxh^>⟦/s⟧' );
define( 'NONCE_KEY',        '⟦s:credential:salt⟧7(<fwCwha%[f00*KyNS%20+W=g>uR+:bUVBFGK0[*SzhL<u<6uv8p66Td-kEW0o]⟦/s⟧' );
define( 'AUTH_SALT',        '⟦s:credential:salt⟧bO9zOAErHTR)&TSa?9s.!BdjN-Cc]i!CF%p+Ie[%P8B)0m:w]yNqOLoS;J_i*g&Q⟦/s⟧' );
define( 'SECURE_AUTH_SALT', '⟦s:credential:salt⟧fI>68Kj%q7xA?FrWq,-/Vd1R3n5^zzNC%SmfVBE!C*h<v,!&BR@,9S<.NnRBtbmI⟦/s⟧' );
define( 'LOGGED_IN_SALT',   '⟦s:credential:salt⟧A:PXvRiwOPMUIS<7:]ID_3xoo~Ym-!lAt@:.fhM@j.TALN,Si?g;_l;M+zo0OJtb⟦/s⟧' );
define( 'NONCE_SALT',       '⟦s:credential:salt⟧l%zw^<_S]ECp^huFXeq^(T<.7m1[5lgyGJCI!*B+XBbCbX/nZyPmqnhV1a2g4FzG⟦/s⟧' );
/**#@-*/

$table_prefix = 'gm7_';

/* SMTP for the contact forms (Post SMTP reads these) */
define( 'SMTP_HOST', 'mail.your-server.de' );
define( 'SMTP_USER', '⟦s:private:email⟧noreply@gartenmoebel-lindemann.de⟦/s⟧' );
define( 'SMTP_PASS', '⟦s:credential:smtp-password⟧Sonnenschirm&2026⟦/s⟧' );
define( 'SMTP_PORT', 587 );

/* SophMate */
define( 'SOPHMATE_OPENAI_KEY', '⟦s:provider_key:openai⟧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⟦/s⟧' );
define( 'SOPHMATE_LICENSE', '⟦s:purchase_code:envato⟧04af99da-8e2a-47a2-9109-56aa83595b27⟦/s⟧' );
define( 'SOPHMATE_DEBUG', true );

/* WP Offload Media */
define( 'AS3CF_SETTINGS', serialize( array(
    'provider' => 'aws',
    'access-key-id' => '⟦s:service_token:aws⟧AKIATV2KK2GBR5E7DYGZ⟦/s⟧',
    'secret-access-key' => '⟦s:service_token:aws⟧UWqvqZe4lsIYpoRFshcozm1V7iRiDIaLjzvAnMOo⟦/s⟧',
) ) );

/* example from the docs, never used */
// define( 'DB_PASSWORD', '⟦k:other⟧password_here⟦/k⟧' );
// 'access-key-id' => '⟦k:other⟧AKIAIOSFODNN7EXAMPLE⟦/k⟧',

define( 'WP_DEBUG', true );
define( 'WP_DEBUG_LOG', '⟦k:path⟧/var/www/vhosts/gartenmoebel-lindemann.de/logs/wp-debug.log⟦/k⟧' );
define( 'WP_DEBUG_DISPLAY', false );
define( 'WP_MEMORY_LIMIT', '512M' );
define( 'DISALLOW_FILE_EDIT', true );

/* That's all, stop editing! Happy publishing. */

if ( ! defined( 'ABSPATH' ) ) {
	define( 'ABSPATH', __DIR__ . '/' );
}

require_once ABSPATH . 'wp-settings.php';
