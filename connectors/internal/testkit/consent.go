package testkit

import (
	"bufio"
	"io"
	"strings"
	"testing"
	"time"
)

// patience is how long a consent flow may take to print or to return
// before the test gives up on it; the emulator answers in milliseconds.
const patience = 5 * time.Second

// Consent runs a connector's consent flow (`pipeline auth`) in the
// background, run printing to prompt, and returns the consent URL it
// printed: the first line that starts with "http" and contains want. done
// carries the flow's result; printed returns all the flow printed once it
// has ended, for checking that no secret was shown.
func Consent(t testing.TB, want string, run func(prompt io.Writer) error) (url string, done <-chan error, printed func() string) {
	t.Helper()
	pr, pw := io.Pipe()
	result := make(chan error, 1)
	go func() {
		result <- run(pw)
		pw.Close()
	}()
	var out strings.Builder
	urlc := make(chan string, 1)
	ended := make(chan struct{})
	go func() {
		defer close(ended)
		sent := false
		sc := bufio.NewScanner(pr)
		for sc.Scan() {
			line := sc.Text()
			out.WriteString(line + "\n")
			if s := strings.TrimSpace(line); strings.HasPrefix(s, "http") && strings.Contains(s, want) && !sent {
				urlc <- s
				sent = true
			}
		}
	}()
	select {
	case u := <-urlc:
		return u, result, func() string { <-ended; return out.String() }
	case err := <-result:
		t.Fatalf("the consent flow ended before printing the consent URL: %v", err)
	case <-time.After(patience):
		t.Fatal("no consent URL printed")
	}
	return "", nil, nil
}

// Wait is the consent flow's result; the test fails when it does not come.
func Wait(t testing.TB, done <-chan error) error {
	t.Helper()
	select {
	case err := <-done:
		return err
	case <-time.After(patience):
		t.Fatal("the consent flow did not return")
		return nil
	}
}
