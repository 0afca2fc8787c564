// config/default.js  (node-config) — headless Next.js front for a WooCommerce shop
// Sent by the customer's dev, ⟦s:private:name⟧Oliwia Dąbrowska⟦/s⟧, along with the error at the bottom.
module.exports = {
  wordpress: {
    url: 'https://cms.sklep-herbaciarnia.pl',
    graphql: 'https://cms.sklep-herbaciarnia.pl/graphql',
    auth: { user: 'headless', pass: '⟦s:credential:password⟧Zielona#Herbata-8⟦/s⟧' },
  },
  woo: {
    consumerKey: '⟦s:credential:secret⟧ck_1edf15eb9f19ca2f9ab783bd4bfa4da57ff81029⟦/s⟧',
    consumerSecret: "⟦s:credential:secret⟧cs_71b970feb7e61d9a72ad7a30312301602aa04f1c⟦/s⟧",
  },
  sophmate: {
    endpoint: 'https://cms.sklep-herbaciarnia.pl/wp-json/sophmate/v1',
    purchaseCode: `⟦s:purchase_code:envato⟧4474ca9a-cb78-4cf3-8946-e16f76e70a74⟦/s⟧`,
    openrouterKey: process.env.OPENROUTER_KEY || '⟦s:provider_key:openrouter⟧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⟦/s⟧',
    placeholder: '⟦k:other⟧YOUR_OPENROUTER_KEY⟦/k⟧',
  },
  mail: {
    transport: `smtps://⟦s:private:email⟧sklep%40herbaciarnia.pl⟦/s⟧:⟦s:credential:smtp-password⟧Czarna%21Herbata77⟦/s⟧@poczta.interia.pl:465`,
    brevoKey: '⟦s:service_token:brevo⟧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⟦/s⟧',
  },
  payments: {
    przelewy24: { crc: '⟦s:credential:secret⟧ciyzb0K5241fYtq9HYWLNGqeaOebaZ3N⟦/s⟧', apiKey: '⟦s:credential:secret⟧vAaNE65Vb51vqH7O7XMGAHoWzPx8c6XY⟦/s⟧' },
    stripe: { secretKey: '⟦s:service_token:stripe⟧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⟦/s⟧' },
  },
  session: { secret: '⟦s:credential:secret⟧herbata-session-secret-lLIPWwoG1CpU3Y9EhWAQRdLLU8bJ5UdF⟦/s⟧', cookie: 'sid' },
  algolia: { appId: 'P4QZ7W1LMX', adminKey: '⟦s:service_token:algolia⟧d55d33cdf5f57bd6d63102ecc7424bc0⟦/s⟧', searchKey: '3a4f1c8e2b6d9f0a1c3e5b7d9f1a2c4e' },
};

/*
$ npm run build
> herbaciarnia@1.8.2 build
> next build

   ▲ Next.js ⟦k:version⟧15.0.3⟦/k⟧
 ⨯ Error: Request failed with status code 401
    at settle (⟦k:path⟧/home/oliwia/herbaciarnia/node_modules/axios/lib/core/settle.js⟦/k⟧:19:12)
    config: {
      headers: {
        Authorization: 'Basic ⟦s:credential:basic⟧aGVhZGxlc3M6WmllbG9uYSNIZXJiYXRhLTg=⟦/s⟧',
        Cookie: 'sid=⟦s:credential:cookie⟧b22adef5e3f90b64bc5956d2becadf70a0755037⟦/s⟧; wordpress_logged_in_⟦k:hash⟧83bdaba521b2f2e70b8dd764f67c02e0⟦/k⟧=⟦s:credential:cookie⟧admin%7C1765528248%7CfIs14dbPk1ES2YQeuTKawxfOawU6PSx95LXZsNOK7Ls%7C82460d1503a815302c2aeadfba7de152056e9194e4d7bdf10adc2e1883b0fae6⟦/s⟧'
      },
      data: '{"query":"{ viewer { email } }"}'
    },
    response: { status: 401, data: { code: '⟦k:error⟧rest_forbidden⟦/k⟧', message: 'Sorry, you are not allowed to do that.', data: { status: 401 } } }
*/
