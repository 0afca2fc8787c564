# "Copy as cURL (bash)" from Chrome DevTools, pasted by ⟦s:private:name⟧Ivana Horvat⟦/s⟧
curl 'https://dalmacija-olive.hr/wp-admin/admin-ajax.php' \
  -H 'accept: application/json, text/javascript, */*; q=0.01' \
  -H 'content-type: application/x-www-form-urlencoded; charset=UTF-8' \
  -b 'wordpress_sec_f295e861ac1e8948510d1ade00230f88=⟦s:credential:cookie⟧ivana%7C1734612004%7C5EVkQXX8dtxyHqsSZawDafZSJLfJvS4jK7Y3UqAKRIQ%7Cf669f0bb529a1b8383e27a4002f949c5ee39b53e3256f10dad9b48a29e320778⟦/s⟧; wordpress_logged_in_f295e861ac1e8948510d1ade00230f88=⟦s:credential:cookie⟧ivana%7C1734612004%7CO4j8KRwDY1eNs7lpRS059lC1I7x8UNVmRHcOYZxlrU0%7C87dbf7008c4dcb9157e6747af55a7e36456f5e4a59adf5975a026a6749fade6b⟦/s⟧; ⟦k:other⟧wp-settings-1=libraryContent%3Dbrowse%26editor%3Dtinymce⟦/k⟧; ⟦k:other⟧wp-settings-time-1=1733402211⟦/k⟧; ⟦k:other⟧_ga=GA1.1.1736482910.1733402200⟦/k⟧; PHPSESSID=⟦s:credential:cookie⟧1haqre27sg1lp7jgq12o0tqf5i⟦/s⟧' \
  -H 'origin: https://dalmacija-olive.hr' \
  -H 'x-wp-nonce: ⟦s:credential:nonce⟧cca078f602⟦/s⟧' \
  --data-raw 'action=sophmate_save_settings&security=⟦s:credential:nonce⟧14057145a6⟦/s⟧&openai_key=⟦s:provider_key:openai⟧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⟦/s⟧&admin_email=⟦s:private:email⟧ivana.horvat%40dalmacija-olive.hr⟦/s⟧&smtp_pass=⟦s:credential:password⟧Masline%21Split%232026⟦/s⟧&_wp_http_referer=%2Fwp-admin%2Fadmin.php%3Fpage%3Dsophmate'

# response
# {"success":false,"data":{"code":"⟦k:error⟧rest_cookie_invalid_nonce⟦/k⟧","message":"Cookie check failed"}}
# and the "Copy as cURL (cmd)" version from Windows, same request a minute later
curl ^"https://dalmacija-olive.hr/wp-admin/admin-ajax.php^" ^
  -H ^"cookie: wordpress_logged_in_4120b418636419f8c07644400a68dc08=⟦s:credential:cookie⟧ivana^%^7C1734612068^%^7CKszarrr4PqGBb6FL2FvamOj61RJ4gYdhHAyuJYou49W^%^7Cf691e74482fb3ed7de434209f49d1b3ef8886928688dfabaf26903d4d45deb80⟦/s⟧; ⟦k:other⟧wp-settings-time-1=1733402270⟦/k⟧^" ^
  -H ^"x-wp-nonce: ⟦s:credential:nonce⟧175a9ae8e0⟦/s⟧^" ^
  --data-raw ^"action=heartbeat^&_nonce=⟦s:credential:nonce⟧8bdf3921a8⟦/s⟧^&screen_id=toplevel_page_sophmate^"
# fetch() copy from Firefox
await fetch("https://dalmacija-olive.hr/wp-json/sophmate/v1/settings", {
    "headers": { "X-WP-Nonce": "⟦s:credential:nonce⟧548224cb64⟦/s⟧", "Authorization": "Basic ⟦s:credential:basic⟧aXZhbmE6TWFzbGluZSFTcGxpdCMyMDI2⟦/s⟧" },
    "body": "{\"mailchimp_key\":\"⟦s:service_token:mailchimp⟧874d57c7af63085d50ba2b4ad00fafb4-us21⟦/s⟧\"}",
    "method": "POST"
});
