package alert

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net"
	"net/http"
	"net/smtp"
	"strings"
	"time"
)

// Webhook posts Slack-compatible JSON ({"text": ...}) to a URL: Slack's
// incoming webhooks, Mattermost and Teams' Slack-compatible endpoints
// accept it.
type Webhook struct{ URL string }

// Name names the channel.
func (Webhook) Name() string { return "webhook" }

// Send posts the alert.
func (w Webhook) Send(ctx context.Context, a Alert) error {
	body, err := json.Marshal(map[string]any{"text": a.Text, "pipeline": a.Pipeline, "kind": a.Kind,
		"run_id": a.RunID, "status": a.Status, "first_error": a.FirstError, "link": a.Link})
	if err != nil {
		return err
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, w.URL, bytes.NewReader(body))
	if err != nil {
		return fmt.Errorf("alert webhook URL: %v", redactURLError(err))
	}
	req.Header.Set("Content-Type", "application/json")
	resp, err := client.Do(req)
	if err != nil {
		// The URL of a Slack webhook is its secret: say only the host.
		return fmt.Errorf("posting to %s failed", req.URL.Host)
	}
	resp.Body.Close()
	if resp.StatusCode/100 != 2 {
		return fmt.Errorf("%s answered %s", req.URL.Host, resp.Status)
	}
	return nil
}

func redactURLError(err error) string {
	if strings.Contains(err.Error(), "://") {
		return "not a valid URL"
	}
	return err.Error()
}

// Email sends alerts over SMTP. Addr is host:port; with a User, PLAIN
// authentication is used, which net/smtp only allows over TLS
// (STARTTLS) or to localhost.
type Email struct {
	Addr     string
	From     string
	To       []string
	User     string
	Password string
	// Now stamps the Date header; nil is time.Now.
	Now func() time.Time
}

// Name names the channel.
func (Email) Name() string { return "email" }

// Send mails the alert to every recipient.
func (e Email) Send(ctx context.Context, a Alert) error {
	host, _, err := net.SplitHostPort(e.Addr)
	if err != nil {
		return fmt.Errorf("smtp address %q: %v", e.Addr, err)
	}
	var auth smtp.Auth
	if e.User != "" {
		auth = smtp.PlainAuth("", e.User, e.Password, host)
	}
	now := time.Now
	if e.Now != nil {
		now = e.Now
	}
	subject := fmt.Sprintf("[pipeline] %s: %s", a.Pipeline, a.Kind)
	var msg bytes.Buffer
	fmt.Fprintf(&msg, "From: %s\r\nTo: %s\r\nSubject: %s\r\nDate: %s\r\nMIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n",
		e.From, strings.Join(e.To, ", "), subject, now().Format(time.RFC1123Z))
	msg.WriteString(strings.ReplaceAll(a.Text, "\n", "\r\n"))
	msg.WriteString("\r\n")
	done := make(chan error, 1)
	go func() { done <- smtp.SendMail(e.Addr, auth, e.From, e.To, msg.Bytes()) }()
	select {
	case err := <-done:
		if err != nil {
			return fmt.Errorf("smtp %s: %v", e.Addr, err)
		}
		return nil
	case <-ctx.Done():
		return fmt.Errorf("smtp %s: %v", e.Addr, ctx.Err())
	}
}
