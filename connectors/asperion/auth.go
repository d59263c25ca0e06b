package asperion

import (
	"context"
	"errors"
	"io"

	"github.com/pipeline-dev/pipeline/connectors/httpx"
)

// Authorize runs the consent flow of `pipeline auth <connection>`: it
// prints the identity server's page where a user of the administrations
// grants the app access, receives the one-time code (by itself on a
// loopback redirect URL, or pasted into stdin: the address the browser
// ended up on, or the code), trades it for tokens and saves them, and the
// client secret, under cfg.Connection in the credentials file. Tokens, the
// code and the secret never appear in prompt or in the error.
func Authorize(ctx context.Context, cfg *Config, prompt io.Writer, stdin io.Reader) error {
	return authorize(ctx, cfg, prompt, stdin, deps{})
}

func authorize(ctx context.Context, cfg *Config, prompt io.Writer, stdin io.Reader, d deps) error {
	if cfg == nil {
		return errors.New("asperion: no config")
	}
	c, err := configAs(cfg)
	if err != nil {
		return err
	}
	return httpx.ConsentFlow{
		Name: "asperion", System: "Asperion", SignIn: "with a user of the administrations",
		Connection: c.Connection, RedirectURL: c.RedirectURL,
		OAuth: func(redirect string) (*httpx.OAuth, error) {
			c.RedirectURL = redirect
			return newOAuth(c, d, nil)
		},
		Credentials: c.Credentials, ClientSecret: cfg.ClientSecret,
		Prompt: prompt, Input: stdin,
	}.Run(ctx)
}
