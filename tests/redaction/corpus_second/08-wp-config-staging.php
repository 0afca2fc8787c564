<?php
/**
 * wp-config.php — copied from staging by the customer (⟦s:private:name⟧Ole Brandt⟦/s⟧), ticket ⟦k:order⟧SM-49021⟦/k⟧
 * "I removed nothing, sorry" - Ole
 */
define( 'DB_NAME', 'stg_brandtwp' );
define( 'DB_USER', 'stg_brandt' );
define( "DB_PASSWORD", "⟦s:credential:password⟧s7g-Br4ndt!dbpw⟦/s⟧" );
define( 'DB_HOST', '⟦s:private:ip⟧10.24.8.17⟦/s⟧:3306' );
define( 'DB_CHARSET', 'utf8mb4' );
// prod values, kept for reference (TODO remove)
// define( 'DB_PASSWORD_PROD', '⟦s:credential:password⟧Pr0d#Brandt$2026⟦/s⟧' );
$db_password_old = <<<EOT
⟦s:credential:password⟧oldStagingPw-4471⟦/s⟧
EOT;

define( 'AUTH_KEY', '⟦s:credential:salt⟧X[80zz`Yh245e(PzE#?=[&yZP8q27~^e&FG58#Ifw?meWHbwBzpTqC|]z3EN]SyM⟦/s⟧' );
define( 'SECURE_AUTH_KEY', '⟦s:credential:salt⟧LR6FSh=yXY&.SS0uE,SSoz:Pbk_$X-OnKvG;`#M]]q,x_,7r4gbwS]47<rd#my-u⟦/s⟧' );
define( 'LOGGED_IN_KEY', '⟦s:credential:salt⟧@bh]l#XaUy&{`lA07e*G2#F]D_8<wjC68>Dk+Acf1h[O$?|;%[WY-!VNtFym<+),⟦/s⟧' );
define( 'NONCE_KEY', '⟦s:credential:salt⟧5#X),pGF@M^!+p=}JCV<1>7tg:+z8RRE>/BDkV{G@yzMzu4c}f|RKRzrsYbceM|Z⟦/s⟧' );
define( 'AUTH_SALT', '⟦s:credential:salt⟧Or/jXg^.5U`qKH+2Pw|yH_^B0^~S5?EKzc?&5~BA*cSRBi(_<EQNzU>Kv5:WU3W:⟦/s⟧' );
define( 'SECURE_AUTH_SALT', '⟦s:credential:salt⟧I*)yjlVC~C_}w}fF1/H!Eail#jg}OWR&KAHcUEhzR*3&z%RtzU@[7c$tbps=E3#+⟦/s⟧' );
define( 'LOGGED_IN_SALT', '⟦s:credential:salt⟧<>G^UM`!IrdQU.AT!h4h&:(298t?EqXJq(Sf;kJ1_iSwvD&~niT)djj*G[W~L1%A⟦/s⟧' );
define( 'NONCE_SALT', '⟦s:credential:salt⟧:i1[Mac,0EXEk;sa%Q0vgQY+?F:TNuVdrH+pA/T]:;ZymH{rl4+X4e4+LF_gT`cd⟦/s⟧' );

define( 'WP_DEBUG', true );
define( 'WP_DEBUG_LOG', '⟦k:path⟧/var/www/stg/wp-content/debug.log⟦/k⟧' );
define( 'SOPHMATE_OPENAI_KEY', getenv('SOPHMATE_OPENAI_KEY') ?: '⟦k:other⟧your-api-key⟦/k⟧' );
define( 'SOPHMATE_ANTHROPIC_KEY', '⟦s:provider_key:anthropic⟧sk-ant-api03-eXsN8MN83o8g2prIvUX6XOSw1cRx3olL-DghBSZCZnvuMDv82r2-YBgH88cYXMlYbm3uc-5x5o-m1fF7MPPCIyHAAUv31AA⟦/s⟧' );
define( 'WPMS_SMTP_PASS', '⟦s:credential:password⟧Mailjet!Brandt_77⟦/s⟧' );
define( 'WPMS_SMTP_USER', 'a3c1f0e9b77d' );
$table_prefix = 'wpst_';
define( 'FS_METHOD', 'direct' );
define( 'FTP_PASS', "⟦s:credential:password⟧ftp\\Br4ndt\"2026⟦/s⟧" );
define( 'AS3CF_SETTINGS', serialize( array(
    'provider' => 'aws',
    'access-key-id' => '⟦s:provider_key:aws⟧AKIALEKZE2XOYGHWVTLN⟦/s⟧',
    'secret-access-key' => '⟦s:provider_key:aws⟧uKCJeOvcy1cN0i2+ggWJu6IRhMMB8Pycepjnb8Iz⟦/s⟧',
) ) );
define( 'AWS_EXAMPLE_FROM_DOCS', '⟦k:other⟧AKIAIOSFODNN7EXAMPLE⟦/k⟧' );
if ( ! defined( 'ABSPATH' ) ) { define( 'ABSPATH', __DIR__ . '/' ); }
require_once ABSPATH . 'wp-settings.php';
