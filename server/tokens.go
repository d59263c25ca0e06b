package server

import (
	"bufio"
	"fmt"
	"os"
	"strings"
)

// TokensEnv is the environment variable holding API tokens, separated by
// commas or white space.
const TokensEnv = "PIPELINE_SERVE_TOKENS"

// MinTokenLength keeps guessable tokens out.
const MinTokenLength = 16

// LoadTokens reads the API tokens from a file (one a line; blank lines
// and lines starting with # are skipped) and from the environment value
// env. Errors name the file and line, never a token.
func LoadTokens(file, env string) ([]string, error) {
	var out []string
	add := func(where, tok string) error {
		if len(tok) < MinTokenLength {
			return fmt.Errorf("%s: a token must be at least %d characters long", where, MinTokenLength)
		}
		out = append(out, tok)
		return nil
	}
	if file != "" {
		f, err := os.Open(file)
		if err != nil {
			return nil, fmt.Errorf("reading the tokens file: %w", err)
		}
		defer f.Close()
		sc := bufio.NewScanner(f)
		for n := 1; sc.Scan(); n++ {
			line := strings.TrimSpace(sc.Text())
			if line == "" || strings.HasPrefix(line, "#") {
				continue
			}
			if err := add(fmt.Sprintf("%s:%d", file, n), line); err != nil {
				return nil, err
			}
		}
		if err := sc.Err(); err != nil {
			return nil, fmt.Errorf("reading %s: %w", file, err)
		}
	}
	for i, tok := range strings.FieldsFunc(env, func(r rune) bool { return r == ',' || r == ' ' || r == '\n' || r == '\t' }) {
		if err := add(fmt.Sprintf("%s (token %d)", TokensEnv, i+1), tok); err != nil {
			return nil, err
		}
	}
	return out, nil
}
