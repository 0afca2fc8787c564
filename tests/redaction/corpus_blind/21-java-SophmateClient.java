// src/main/java/at/bergsport/erp/SophmateClient.java
// ERP integration at Bergsport Huber GmbH; stack trace below is why they wrote to us.
package at.bergsport.erp;

import java.util.Properties;
import java.net.http.*;
import java.net.URI;

public class SophmateClient {

    private static final String API_KEY = "⟦s:provider_key:openai⟧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⟦/s⟧";
    private static final String COHERE = "⟦s:provider_key:cohere⟧641norEdvM0e7bU6hunxRqygM7giKL9B2QCssJs4⟦/s⟧";
    private String mailerPass = "⟦s:credential:smtp-password⟧Gipfel.Kreuz.3798⟦/s⟧";

    public static Properties load() {
        Properties props = new Properties();
        props.setProperty("db.url", "jdbc:mysql://⟦s:private:ip⟧10.30.1.15⟦/s⟧:3306/erp?useSSL=true");
        props.setProperty("db.user", "erp_app");
        props.setProperty("db.password", "⟦s:credential:db-password⟧Karabiner#Seil-60m⟦/s⟧");
        props.setProperty("mail.smtp.password", "⟦s:credential:smtp-password⟧Gipfel.Kreuz.3798⟦/s⟧");
        props.put("wp.appPassword", "⟦s:credential:password⟧Qw3r Ty7u Io9p As2d Fg4h Jk6l⟦/s⟧");
        props.put("azure.clientSecret", "⟦s:service_token:azure-ad⟧dUn0Q~W6tEz.s.._1D5Vam_wIRKkqTcj_.sOKRGi⟦/s⟧");
        props.put("azure.tenantId", "⟦k:uuid⟧1452c935-1884-4766-89cb-ec4d71e22b0c⟦/k⟧");
        props.setProperty("braintree.privateKey", "⟦s:service_token:braintree⟧d1d303b32a1d27b516f55ecf3117bcab⟦/s⟧");
        props.setProperty("braintree.merchantId", "k7q2x9mbw4t3dz8p");
        return props;
    }

    public HttpResponse<String> ask(String question) throws Exception {
        HttpRequest req = HttpRequest.newBuilder(URI.create("https://api.openai.com/v1/chat/completions"))
            .header("Authorization", "Bearer " + API_KEY)
            .header("OpenAI-Project", "proj_Xk28LmQp0vRt7sWz")
            .POST(HttpRequest.BodyPublishers.ofString(question))
            .build();
        return HttpClient.newHttpClient().send(req, HttpResponse.BodyHandlers.ofString());
    }
}

/* application.properties (same repo) */
// spring.datasource.password=⟦s:credential:db-password⟧Karabiner#Seil-60m⟦/s⟧
// spring.mail.password : ⟦s:credential:smtp-password⟧Gipfel.Kreuz.3798⟦/s⟧
// spring.datasource.password.example=⟦k:other⟧${DB_PASSWORD}⟦/k⟧
// sophmate.license=⟦s:purchase_code:envato⟧18567658-1471-4832-aa2f-1809dd97bfe3⟦/s⟧

/* the exception from catalina.out */
⟦k:timestamp⟧04-Dec-2026 09:17:02.331⟦/k⟧ SEVERE [http-nio-8080-exec-7] at.bergsport.erp.SophmateClient.ask 401 Unauthorized
java.io.IOException: HTTP 401 {"error":{"message":"Incorrect API key provided: sk-proj-*****Mz0A","type":"invalid_request_error","code":"invalid_api_key"}} request-id=⟦k:id⟧req_06387c584902b876b834a8b5d23f495f⟦/k⟧
	at at.bergsport.erp.SophmateClient.ask(SophmateClient.java:38)
	at at.bergsport.erp.OrderAssistant.handle(OrderAssistant.java:112)
	at org.apache.catalina.core.ApplicationFilterChain.internalDoFilter(ApplicationFilterChain.java:195)
	at java.base/java.lang.Thread.run(Thread.java:1583)
Caused by: the customer ⟦s:private:name⟧Herbert Grünwald⟦/s⟧ (Kundennr. ⟦k:order⟧K-0081723⟦/k⟧) asked about order ⟦k:order⟧AT-2026-55120⟦/k⟧
