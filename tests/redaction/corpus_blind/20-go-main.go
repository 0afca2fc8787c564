// cmd/sophmate-relay/main.go — customer's relay between their Go backend and the WP plugin.
// Pasted in full by ⟦s:private:name⟧Kenji Watanabe⟦/s⟧ ("ignore the hardcoded stuff, it's temporary").
package main

import (
	"context"
	"log"
	"net/http"
	"os"
	"time"
)

var token string = "⟦s:credential:bearer⟧7f3XlH1c7W4KByBZuumiHjn3v0B067EZ6JBBZgAdkdZiTIrs⟦/s⟧"

const (
	openAIKey     = "⟦s:provider_key:openai⟧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⟦/s⟧"
	anthropicKey  = `⟦s:provider_key:anthropic⟧sk-ant-api03-_0-QViK6fWykQ3sOLD9KM2F5Rl_CU3X3uIs6Vqag19d2IZuxFproz1sgDIhC79HloMin4Nb3EQIX2LXr67StGxg96bvj2AA⟦/s⟧`
	dbDSN         = "relay:⟦s:credential:db-password⟧Sakura_Relay-2026⟦/s⟧@tcp(⟦s:private:ip⟧10.20.0.7⟦/s⟧:3306)/relay?parseTime=true"
	sendgridKey   = "⟦s:service_token:sendgrid⟧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⟦/s⟧"
	defaultKeyDoc = "⟦k:other⟧sk-...your key...⟦/k⟧"
)

var smtpPassword = os.Getenv("SMTP_PASSWORD") // was "⟦s:credential:smtp-password⟧Fuji-Mail#88⟦/s⟧"

type Config struct {
	WPBase   string
	WPUser   string
	WPPass   string
	GroqKey  string
	Timeout  time.Duration
}

func defaultConfig() Config {
	return Config{
		WPBase:  "https://matcha-house.jp.example-shop.com",
		WPUser:  "relay-bot",
		WPPass:  "⟦s:credential:password⟧XyZ1 AbC2 dEf3 GhI4 jKl5 MnO6⟦/s⟧",
		GroqKey: "⟦s:provider_key:groq⟧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⟦/s⟧",
		Timeout: 30 * time.Second,
	}
}

func main() {
	cfg := defaultConfig()
	apiKey := os.Getenv("OPENAI_API_KEY")
	if apiKey == "" {
		apiKey = openAIKey
	}
	var githubToken = "⟦s:service_token:github⟧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Yo⟦/s⟧"
	_ = githubToken
	req, _ := http.NewRequestWithContext(context.Background(), "POST", cfg.WPBase+"/wp-json/sophmate/v1/relay", nil)
	req.Header.Set("Authorization", "Bearer "+token)
	req.SetBasicAuth(cfg.WPUser, cfg.WPPass)
	req.Header.Set("X-Relay-Trace", "⟦k:id⟧9a82efec5ad4d005c33e24518153efbd⟦/k⟧")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		log.Fatalf("relay: %v", err)
	}
	defer resp.Body.Close()
	log.Printf("relay ok: %s", resp.Status)
}

/*
go run ./cmd/sophmate-relay
⟦k:timestamp⟧2026/12/04 03:12:55⟦/k⟧ relay: Post "https://matcha-house.jp.example-shop.com/wp-json/sophmate/v1/relay": dial tcp ⟦s:private:ip⟧133.242.18.77⟦/s⟧:443: i/o timeout
exit status 1
go version go⟦k:version⟧1.23.4⟦/k⟧ linux/amd64
*/
