<?php
/**
 * The base configuration for WordPress
 *
 * @link https://developer.wordpress.org/advanced-administration/wordpress/wp-config/
 * @package WordPress
 */

// ** Database settings - You can get this info from your web host ** //
define( 'DB_NAME', 'wp_lindner_prod' );
define( 'DB_USER', 'lindner_wp' );
define( 'DB_PASSWORD', '⟦s:credential:password⟧NDPMPmjlRXcaz6zl4%32⟦/s⟧' );
define( 'DB_HOST', 'db-3.internal.hostpoint.ch:3306' );
define( 'DB_CHARSET', 'utf8mb4' );
define( 'DB_COLLATE', '' );

/**#@+
 * Authentication unique keys and salts.
 * Change these to different unique phrases! You can generate these using the {@link https://api.wordpress.org/secret-key/1.1/salt/ WordPress.org secret-key service}.
 */
define( 'AUTH_KEY',         '⟦s:credential:salt⟧<RB;xq[HN`:ef6vSPX6F5>fLwuzAo)<ky17<!6ZpT8a)Ra(K$-dH&,V#m%7Gq<q+⟦/s⟧' );
define( 'SECURE_AUTH_KEY',  '⟦s:credential:salt⟧jt<CB*&2P7M]ub}Q)E5N49x/zo+0X1`[PvjQ1u^9rK@jBb/ksglF6~h#WRu%w49v⟦/s⟧' );
define( 'LOGGED_IN_KEY',    '⟦s:credential:salt⟧3,0xh:T/.:xa^~3/qh@S{b)zTc+kAz#oW5fHsp:iWR8Jx?DBYPzDyvi++,m:kc6#⟦/s⟧' );
define( 'NONCE_KEY',        '⟦s:credential:salt⟧aS^%Frn=m5j-DmA%i06ZqK$0U$<XAhcu@F48dBWRG6iU93~gvE-Hv;6:N1!VK8Os⟦/s⟧' );
define( 'AUTH_SALT',        '⟦s:credential:salt⟧/n)4k<,*R(y|y]tHHC$tAGs+DgLHe.||bx+Pj;A3cpjNjX}z7@frcv@7}Sr+G6<S⟦/s⟧' );
define( 'SECURE_AUTH_SALT', '⟦s:credential:salt⟧ws|.tarh?YDI.i+PgR!^_@Nk<xr4eDfhL3~/wS1%dxvY3ToI$Jz.ZA,2GTL*Q%/Q⟦/s⟧' );
define( 'LOGGED_IN_SALT',   '⟦s:credential:salt⟧AE3fUZ:Vl{4J:z**qzDhJQ|gwx@gGqu&C`h2u^..am>Ap[fJ/W`07,w32|wo^CBj⟦/s⟧' );
define( 'NONCE_SALT',       '⟦s:credential:salt⟧STZV8K.V}!L;^ks&33O0#/xv]9f5?,xcZvf6@b-eRS0px!lVhW1=}g.FqD?uop)S⟦/s⟧' );
/**#@-*/

$table_prefix = 'wpl_';

define( 'WP_DEBUG', true );
define( 'WP_DEBUG_LOG', true );
define( 'WP_DEBUG_DISPLAY', false );

/* Redis object cache */
define( 'WP_REDIS_HOST', '127.0.0.1' );
define( 'WP_REDIS_PASSWORD', '⟦s:credential:password⟧m1ZJQ69g5d1b5HEhgmz3H-45⟦/s⟧' );

/* SophMate: key kept out of the database (see docs ⟦k:url⟧https://sophmate.com/docs/configuration/constants/⟦/k⟧) */
define( 'SOPHMATE_OPENAI_KEY', '⟦s:provider_key:openai⟧sk-proj-nh2m1YzuuryF9oV7rwVez⟦/s⟧'
    . '⟦s:provider_key:openai⟧BWIDXBNyyXx6p_dcFXTepFVvwq4UbUPEWl5XiT3BlbkFJy5GT0O4sfCL2X6ueevfB4dEDh5g_h2b6lzPBU640ZBP3jzFgiuzf8JW1k2⟦/s⟧' );
define( 'SOPHMATE_LICENSE', '⟦s:purchase_code:envato⟧ef04af5d-43e8-4023-a54a-d739dcfebeb2⟦/s⟧' );

/* WP Offload Media */
define( 'AS3CF_SETTINGS', serialize( array(
    'provider' => 'aws',
    'access-key-id' => '⟦s:service_token:aws⟧AKIASWNZDDRZPPBUANIY⟦/s⟧',
    'secret-access-key' => '⟦s:service_token:aws⟧F19sPusKgZEN6k5UcVT/d43Eh1s57fE/90GoDhkB⟦/s⟧',
) ) );

/* WP Mail SMTP */
define( 'WPMS_ON', true );
define( 'WPMS_SMTP_HOST', 'smtp.sendgrid.net' );
define( 'WPMS_SMTP_USER', 'apikey' );
define( 'WPMS_SMTP_PASS', '⟦s:service_token:sendgrid⟧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⟦/s⟧' );

if ( ! defined( 'ABSPATH' ) ) {
	define( 'ABSPATH', __DIR__ . '/' );
}
require_once ABSPATH . 'wp-settings.php';
