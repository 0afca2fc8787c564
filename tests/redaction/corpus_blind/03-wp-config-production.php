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
define( 'DB_HOST', '10.42.7.19:3306' );

define( 'DB_CHARSET', 'utf8mb4' );
define( 'DB_COLLATE', '' );

/* read replica, added by the agency */
define('DB_PASSWORD_REPLICA',"⟦s:credential:db-password⟧r3pl1ca-Garten-77⟦/s⟧");
define ( "DB_HOST_REPLICA" , "10.42.7.23" ) ;

/**#@+
 * Authentication unique keys and salts.
 */
define( 'AUTH_KEY',         '⟦s:credential:salt⟧T6!h4Lb@gKW*?bPtBxy?ily1<gfUI<xG9rXi:*lZqE_^)*^9:.#9lnKn^!zV?H4R⟦/s⟧' );
define( 'SECURE_AUTH_KEY',  '⟦s:credential:salt⟧idB,)vjPIXr!3W[2o*9%OeU+ea&/J6n9M_]y)vn1q2;7cbo~?f(<mx(9;TIE;91D⟦/s⟧' );
define( 'LOGGED_IN_KEY',    '⟦s:credential:salt⟧4t^3fEB^R~qDTUDLDS6:)+LP2|G+9<OEvP:T4wjmUxz(XZQVN~X;*Pr3lhLW3EB1⟦/s⟧' );
define( 'NONCE_KEY',        '⟦s:credential:salt⟧Q<Kb%@#Fj(DM!4:87V<dey&GbabON&lrL)!FS4Yp9yC1vYK3cAcbZ]it~U5:mJ9z⟦/s⟧' );
define( 'AUTH_SALT',        '⟦s:credential:salt⟧Lt:cEu|jYJ9qj4QO|ZSYSs]!YV;W&z#tF,n73xvU>n0M7mkQB@,Zu67p1te)=%s1⟦/s⟧' );
define( 'SECURE_AUTH_SALT', '⟦s:credential:salt⟧?]w4Sc^gjb@y+6Xwt,:>.)qqM*NDPG,N?^?]DV_D8ZI(q2m#jV3D?.yFa]EVGGU)⟦/s⟧' );
define( 'LOGGED_IN_SALT',   '⟦s:credential:salt⟧V|mDH~oo^O5+CT/lb&c2o;o=ExDVG,x?--cA]B1SQ=lBH_-%<9YT3P=RHX8H7kBG⟦/s⟧' );
define( 'NONCE_SALT',       '⟦s:credential:salt⟧q@#Tg/GEb:]eH%)CA!r2b9RS<MwJQGIGg95EkRoRKw_7GVjY9Tb5RZ?J/U.s6&5A⟦/s⟧' );
/**#@-*/

$table_prefix = 'gm7_';

/* SMTP for the contact forms (Post SMTP reads these) */
define( 'SMTP_HOST', 'mail.your-server.de' );
define( 'SMTP_USER', '⟦s:private:email⟧noreply@gartenmoebel-lindemann.de⟦/s⟧' );
define( 'SMTP_PASS', '⟦s:credential:smtp-password⟧Sonnenschirm&2026⟦/s⟧' );
define( 'SMTP_PORT', 587 );

/* SophMate */
define( 'SOPHMATE_OPENAI_KEY', '⟦s:provider_key:openai⟧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⟦/s⟧' );
define( 'SOPHMATE_LICENSE', '⟦s:purchase_code:envato⟧32cf5d53-9100-43c7-81fa-6dd755fc6a45⟦/s⟧' );
define( 'SOPHMATE_DEBUG', true );

/* WP Offload Media */
define( 'AS3CF_SETTINGS', serialize( array(
    'provider' => 'aws',
    'access-key-id' => '⟦s:service_token:aws⟧AKIABKIHYSK6S6KJSDSY⟦/s⟧',
    'secret-access-key' => '⟦s:service_token:aws⟧mzJiOg+QFapTIqw4CtZV+9TXhDPjbytohYesoeU6⟦/s⟧',
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
