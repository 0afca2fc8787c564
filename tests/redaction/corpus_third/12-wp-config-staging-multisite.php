<?php
/**
 * wp-config.php — staging.agentur-sonnenhof.at (Multisite)
 * Zuletzt geändert: ⟦k:timestamp⟧2026-11-28 22:10:05⟦/k⟧ von deploy (⟦k:git-sha⟧5caa36e35cd9eee481d75a80fa8e5d74fbcf30ab⟦/k⟧)
 */

// ** Datenbank ** //
define( 'DB_NAME',     'sonnenhof_stg' );
define( 'DB_USER',     'sonnenhof_stg' );
define( 'DB_PASSWORD', "⟦s:credential:db-password⟧Alm\$Hütte-Zell-2026⟦/s⟧" ); // doppelte Anführungszeichen, $ maskiert
define( 'DB_HOST',     'db-stg.internal:3306' );
define( 'DB_CHARSET',  'utf8mb4' );

// alter Zugang, nicht mehr gültig?  define( 'DB_PASSWORD', '⟦s:credential:db-password⟧Sonnenhof2019!⟦/s⟧' );

define( 'AUTH_KEY',         '⟦s:credential:salt⟧loY9_Y%HVI_%:cP_2=!C{%p[%*!C+f@ZpQOV1Ki_;(ilDma%=MK[Gbr5kB^g)d{3⟦/s⟧' );
define( 'SECURE_AUTH_KEY',  '⟦s:credential:salt⟧I~Bq1o:mhMakJkq%T&6meO~!Xq<bQVnTr]6zZlkXK9Ua#;0?lp{4ID&Uh6RpGa.T⟦/s⟧' );
define( 'LOGGED_IN_KEY',    '⟦s:credential:salt⟧r?m@da2T];tE;-32L}&<i%.omk*BOO>:#M0<N:6wt~m<^C.rF9IM%.9L|kJeY9DE⟦/s⟧' );
define( 'NONCE_KEY',        '⟦s:credential:salt⟧5V9CP3RJK32kB|mB?;[I<b:19:||g>C~+19TZ0=c}&}?fb4&mKY]49I{Pl0glFGC⟦/s⟧' );
define( 'AUTH_SALT',        'put your unique phrase here' );
define( 'SECURE_AUTH_SALT', '⟦s:credential:salt⟧v%8DAqtGn}uf{lSg_.OgD1V)HL5iN_h@jp?&NZDN{=1Dz.eF{|7!cPv#Bc}vN+Lp⟦/s⟧' );
define( 'LOGGED_IN_SALT',   '⟦s:credential:salt⟧Em])~WYuYNrx{n-vpf9+^!stvS36]ix^#wE;f[<2JfvWViW<;Vb4z~RSi5Sy<1?H⟦/s⟧' );
define( 'NONCE_SALT',       '⟦s:credential:salt⟧)6fX{arWdb?T{.7})Vkf!ddvR&v>@KbJ+o_xKQY%fjp)7YAKRGPzubWvL*jjxA72⟦/s⟧' );

define( 'WP_ALLOW_MULTISITE', true );
define( 'DOMAIN_CURRENT_SITE', 'staging.agentur-sonnenhof.at' );

// SophMate
define( 'SOPHMATE_PROVIDER', 'openrouter' );
define( 'SOPHMATE_OPENROUTER_KEY', '⟦s:provider_key:openrouter⟧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⟦/s⟧' );
define( 'SOPHMATE_FALLBACK_KEY', getenv( 'SOPHMATE_FALLBACK_KEY' ) ?: '⟦k:other⟧<api-key>⟦/k⟧' );
define( 'SOPHMATE_LICENSE', '⟦s:purchase_code:envato⟧ea94aad9-e87d-4f5c-88c1-2af895b78ede⟦/s⟧' );
define( 'SOPHMATE_LOG_LEVEL', 'debug' );

// WP Mail SMTP (Brevo)
define( 'WPMS_ON', true );
define( 'WPMS_SMTP_HOST', 'smtp-relay.brevo.com' );
define( 'WPMS_SMTP_USER', '⟦s:private:email⟧technik@agentur-sonnenhof.at⟦/s⟧' );
define( 'WPMS_SMTP_PASS', '⟦s:credential:smtp-password⟧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⟦/s⟧' );
define( 'WPMS_BREVO_API_KEY', '⟦s:service_token:brevo⟧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⟦/s⟧' );

// Redis
define( 'WP_REDIS_PASSWORD', [ 'default', '⟦s:credential:db-password⟧r3d1s-St4ging-Pw⟦/s⟧' ] );

// Cloudflare (Plugin "Cloudflare")
define( 'CLOUDFLARE_EMAIL', '⟦s:private:email⟧admin@agentur-sonnenhof.at⟦/s⟧' );
define( 'CLOUDFLARE_API_KEY', '⟦s:service_token:cloudflare⟧Xbro7AJAyZqMMp2OL_Fu2C8fBUggpkqge6hM4ylB⟦/s⟧' );

// Beispiel aus der Doku, nicht echt:
// define( 'SOPHMATE_OPENAI_KEY', '⟦k:other⟧sk-xxxx...⟦/k⟧' );
// define( 'DB_PASSWORD', '⟦k:other⟧$PASSWORD⟦/k⟧' );

$table_prefix = 'sh_';
define( 'WP_DEBUG', true );
define( 'WP_DEBUG_LOG', '⟦k:path⟧/var/log/wordpress/sonnenhof-stg-debug.log⟦/k⟧' );
require_once ABSPATH . 'wp-settings.php';
