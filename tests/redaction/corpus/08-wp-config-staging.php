<?php
// Staging config (copied from production on ⟦k:timestamp⟧2025-02-27⟦/k⟧), managed by Ansible - DO NOT EDIT BY HAND
define('DB_NAME', getenv('WORDPRESS_DB_NAME') ?: 'staging_wp');
define('DB_USER', getenv('WORDPRESS_DB_USER') ?: 'staging');
define('DB_PASSWORD', getenv('WORDPRESS_DB_PASSWORD') ?: '⟦s:credential:password⟧RI5AiipTTbl7g-71⟦/s⟧');
define('DB_HOST', '⟦s:private:ip⟧10.0.12.5⟦/s⟧');

define('AUTH_KEY', '⟦s:credential:salt⟧Ut-%g=g>tBs_Hy:Wf>8Sqmr[66ZddPQNO4P%5Y3#f5s6z!!U8z3ETPTm(2NUJ_m]⟦/s⟧');
define('SECURE_AUTH_KEY', '⟦s:credential:salt⟧ZHu}n:92>-1hHBO?u*|uI0y7,`e[|7EJpCkzjQi<hf.#7Mm!_NN*ZcP1%axA2Tj?⟦/s⟧');
define('LOGGED_IN_KEY', '⟦s:credential:salt⟧>mA1p#K7^[<,7tF,TJk3>jQK_F6Fp*>)Z+J11SP6OR,KA3QuKY`wG1mHXHDH+zUu⟦/s⟧');
define('NONCE_KEY', '⟦s:credential:salt⟧>[>6^K[t>FKnSV1bLmYHGTsIdRq.Z,bWq;q0B<+`U#CAYQpq+]/)MD~q;x8QY[+&⟦/s⟧');
define('AUTH_SALT',        'put your unique phrase here');
define('SECURE_AUTH_SALT', 'put your unique phrase here');

DEFINE('SOPHMATE_ANTHROPIC_KEY', "⟦s:provider_key:anthropic⟧sk-ant-api03-dq1aK_T-f8I-4Gros_ZZfAr5o7N⟦/s⟧" .
    "⟦s:provider_key:anthropic⟧vNg_ABwphx915L1ee7d8GDOftTsn95ZH_EiXRqzK⟦/s⟧" .
    "⟦s:provider_key:anthropic⟧WAnx1RvWRwaTsQIJN-66yXC9SCAA⟦/s⟧");
DEFINE('SOPHMATE_COHERE_KEY', getenv('COHERE_API_KEY') ?: '⟦s:provider_key:cohere⟧rjUdOMVNfwIU79c60kbZwcgFIvpzNGKiR9MFSqyF⟦/s⟧');
define('SOPHMATE_OPENROUTER_KEY', '⟦s:provider_key:openrouter⟧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⟦/s⟧');
define('SOPHMATE_DEBUG', true);  // writes to ⟦k:path⟧wp-content/uploads/sophmate-logs/debug-2025-02.log⟦/k⟧

define('FTP_USER', 'deploy');
define('FTP_PASS', '⟦s:credential:password⟧TEQJxdm18*94⟦/s⟧');
define('FTP_HOST', 'staging.baeckerei-lindner.de');

define('WP_ENVIRONMENT_TYPE', 'staging');
define('WP_HOME', '⟦k:url⟧https://staging.baeckerei-lindner.de⟦/k⟧');
define('WP_SITEURL', 'https://staging.baeckerei-lindner.de/wp');
