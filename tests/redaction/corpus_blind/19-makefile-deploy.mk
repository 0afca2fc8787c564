# Makefile — deploy helpers for the SophMate demo shops (agency "Studio Kraan")
SHELL := /bin/bash
SITE ?= demo1
WP := wp --path=/srv/www/$(SITE)/public

DB_USER ?= kraan
DB_PASS ?= ⟦s:credential:db-password⟧Kr44n-Demo!db⟦/s⟧
DB_PASSWORD_PROD := ⟦s:credential:db-password⟧Pr0d-Kraan#2026⟦/s⟧
SMTP_PASS ::= ⟦s:credential:smtp-password⟧postmark-is-not-this-9⟦/s⟧
POSTMARK_TOKEN = ⟦s:service_token:postmark⟧bb4673ee-db6e-482c-8e51-f5fe98e4744d⟦/s⟧
OPENAI_KEY    = ⟦s:provider_key:openai⟧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⟦/s⟧
export MAILERPASS=⟦s:credential:smtp-password⟧Kraan.Mailer.77⟦/s⟧
password_super_secure = ⟦s:credential:password⟧sUp3r$ecur3-kraan⟦/s⟧
fooToken := ⟦s:credential:bearer⟧2rcyEnH-OCedBHTlLUvHs_kVaVq4h2aBllUvRsVS3MHbeCqk⟦/s⟧
STAGING_AUTH = staging:⟦s:credential:password⟧kraan-preview-22⟦/s⟧
HF_TOKEN ?= ⟦k:other⟧$(shell cat ~/.cache/huggingface/token)⟦/k⟧
GH_TOKEN ?= ⟦k:other⟧$(GITHUB_TOKEN)⟦/k⟧

.PHONY: db-dump deploy smoke license

db-dump:
	mysqldump -u$(DB_USER) -p'⟦s:credential:db-password⟧Kr44n-Demo!db⟦/s⟧' --single-transaction $(SITE) | gzip > dumps/$(SITE)-$$(date +%F).sql.gz

deploy:
	rsync -az --exclude wp-config.php ./public/ deploy@⟦s:private:ip⟧94.130.77.201⟦/s⟧:/srv/www/$(SITE)/public/
	$(WP) config set DB_PASSWORD '$(DB_PASSWORD_PROD)'
	$(WP) plugin update sophmate --version=⟦k:version⟧2.8.4⟦/k⟧

smoke:
	curl -fsS -u $(STAGING_AUTH) https://$(SITE).kraan-demo.nl/wp-json/sophmate/v1/health
	curl -fsS -H "Authorization: Bearer ⟦s:credential:bearer⟧2rcyEnH-OCedBHTlLUvHs_kVaVq4h2aBllUvRsVS3MHbeCqk⟦/s⟧" https://$(SITE).kraan-demo.nl/wp-json/sophmate/v1/ping

license:
	$(WP) option update sophmate_purchase_code ⟦s:purchase_code:envato⟧87f799d4-75ef-46a8-9300-5de7a8857cda⟦/s⟧
	$(WP) option update sophmate_purchase_code_demo2 ⟦s:purchase_code:envato⟧f7af846b-771f-41ee-8ba4-506bb6c64549⟦/s⟧

# make deploy output, last run (⟦k:timestamp⟧2026-12-03 21:14⟦/k⟧):
# rsync: [sender] write error: Broken pipe (32)
# rsync error: error in rsync protocol data stream (code 12) at io.c(848) [sender=⟦k:version⟧3.2.7⟦/k⟧]
# make: *** [Makefile:27: deploy] Error 12
