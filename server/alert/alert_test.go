package alert

import (
	"bufio"
	"context"
	"encoding/json"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"
)

// smtpSink is a minimal SMTP server: it accepts every message and keeps
// its data.
type smtpSink struct {
	ln   net.Listener
	mu   sync.Mutex
	msgs []string
	rcpt []string
}

func startSMTP(t *testing.T) *smtpSink {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	s := &smtpSink{ln: ln}
	t.Cleanup(func() { ln.Close() })
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			go s.serve(c)
		}
	}()
	return s
}

func (s *smtpSink) serve(c net.Conn) {
	defer c.Close()
	r := bufio.NewReader(c)
	say := func(line string) { io.WriteString(c, line+"\r\n") }
	say("220 localhost test SMTP")
	for {
		line, err := r.ReadString('\n')
		if err != nil {
			return
		}
		cmd := strings.ToUpper(strings.TrimSpace(line))
		switch {
		case strings.HasPrefix(cmd, "EHLO"), strings.HasPrefix(cmd, "HELO"):
			say("250 localhost")
		case strings.HasPrefix(cmd, "MAIL FROM"):
			say("250 ok")
		case strings.HasPrefix(cmd, "RCPT TO"):
			s.mu.Lock()
			s.rcpt = append(s.rcpt, strings.TrimSpace(line[8:]))
			s.mu.Unlock()
			say("250 ok")
		case cmd == "DATA":
			say("354 go on")
			var data strings.Builder
			for {
				l, err := r.ReadString('\n')
				if err != nil {
					return
				}
				if l == ".\r\n" {
					break
				}
				data.WriteString(l)
			}
			s.mu.Lock()
			s.msgs = append(s.msgs, data.String())
			s.mu.Unlock()
			say("250 queued")
		case cmd == "QUIT":
			say("221 bye")
			return
		default:
			say("250 ok")
		}
	}
}

func (s *smtpSink) messages() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]string(nil), s.msgs...)
}

func TestOneAlertPerStreakAndOneOnRecovery(t *testing.T) {
	var mu sync.Mutex
	var posts []map[string]any
	slack := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		var m map[string]any
		if r.Header.Get("Content-Type") != "application/json" || json.NewDecoder(r.Body).Decode(&m) != nil {
			http.Error(w, "bad", 400)
			return
		}
		mu.Lock()
		posts = append(posts, m)
		mu.Unlock()
	}))
	defer slack.Close()
	mail := startSMTP(t)
	a := New(Config{
		Senders: []Sender{Webhook{URL: slack.URL}, Email{Addr: mail.ln.Addr().String(), From: "pipeline@example.com", To: []string{"ops@example.com"}}},
		RunLink: func(p string, id int64) string { return "https://pipes.example.com/runs/" + itoa(id) },
	})
	ctx := context.Background()
	at := time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC)
	results := []RunResult{
		{Pipeline: "orders", RunID: 1, Status: "ok"},
		{Pipeline: "orders", RunID: 2, Status: "ok", Rejected: 2, FirstError: "record SO-7: field Amount: not a number"},
		{Pipeline: "orders", RunID: 3, Status: "failed", FirstError: "exact: 503"},
		{Pipeline: "orders", RunID: 4, Status: "interrupted"},
		{Pipeline: "orders", RunID: 5, Status: "ok"},
		{Pipeline: "orders", RunID: 6, Status: "ok"},
	}
	var sent []*Alert
	for _, r := range results {
		r.At = at
		if al := a.RunEnded(ctx, r); al != nil {
			sent = append(sent, al)
		}
	}
	if len(sent) != 2 || sent[0].Kind != KindFailure || sent[0].RunID != 2 || sent[1].Kind != KindRecovery || sent[1].RunID != 5 {
		t.Fatalf("alerts = %+v, want a failure for run 2 and a recovery for run 5", sent)
	}
	if len(sent[0].Errors) != 0 || len(sent[0].Sent) != 2 {
		t.Fatalf("failure alert channels: sent %v, errors %v", sent[0].Sent, sent[0].Errors)
	}
	mu.Lock()
	if len(posts) != 2 || posts[0]["kind"] != "failure" || !strings.Contains(posts[0]["text"].(string), "SO-7") ||
		!strings.Contains(posts[0]["text"].(string), "https://pipes.example.com/runs/2") {
		t.Fatalf("slack posts = %v", posts)
	}
	mu.Unlock()
	msgs := mail.messages()
	if len(msgs) != 2 || !strings.Contains(msgs[0], "Subject: [pipeline] orders: failure") ||
		!strings.Contains(msgs[0], "First error: record SO-7") || !strings.Contains(msgs[1], "recovered") {
		t.Fatalf("mails = %q", msgs)
	}
	if got := a.Recent("orders"); len(got) != 2 || got[0].Kind != KindRecovery {
		t.Fatalf("recent = %+v", got)
	}
}

func TestUndeliverableAlertIsKeptWithItsError(t *testing.T) {
	a := New(Config{Senders: []Sender{Webhook{URL: "http://127.0.0.1:1/hooks/T000/SECRETPART"}}})
	al := a.RunEnded(context.Background(), RunResult{Pipeline: "p", RunID: 1, Status: "failed", FirstError: "boom"})
	if al == nil || len(al.Errors) != 1 || strings.Contains(al.Errors[0], "SECRETPART") {
		t.Fatalf("alert = %+v: want one error that does not show the webhook path", al)
	}
}

func itoa(n int64) string { b, _ := json.Marshal(n); return string(b) }
