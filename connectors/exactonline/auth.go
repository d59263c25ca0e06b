package exactonline

import (
	"context"
	"errors"
	"io"

	"github.com/pipeline-dev/pipeline/connectors/httpx"
)

// Authorize runs the consent flow of `pipeline auth <connection>`: it
// prints the Exact Online page where a user of the company grants the app
// access, receives the one-time code, trades it for tokens and saves them
// (and the client secret, so that runs may leave it out) under
// cfg.Connection in the credentials file.
//
// The code arrives by itself when the redirect URL is a loopback address
// this machine can listen on (the default http://127.0.0.1:8976/callback;
// port 0 picks a free port). Otherwise, or when the browser runs on
// another machine, the user pastes the address the browser was sent to
// (or just its code) into stdin. Whichever comes first is used.
//
// cfg.Credentials, when relative, is taken from the working directory; the
// CLI resolves it against the pipeline file's folder first, as runs do.
// Tokens, the code and the client secret never appear in prompt or in the
// error.
func Authorize(ctx context.Context, cfg *Config, prompt io.Writer, stdin io.Reader) error {
	return authorize(ctx, cfg, prompt, stdin, deps{})
}

func authorize(ctx context.Context, cfg *Config, prompt io.Writer, stdin io.Reader, d deps) error {
	if cfg == nil {
		return errors.New("exactonline: no config")
	}
	c, err := configAs(cfg)
	if err != nil {
		return err
	}
	return httpx.ConsentFlow{
		Name: "exactonline", System: "Exact Online", SignIn: "with a user of the company",
		Connection: c.Connection, RedirectURL: c.RedirectURL,
		OAuth: func(redirect string) (*httpx.OAuth, error) {
			c.RedirectURL = redirect
			return newOAuth(c, d, nil)
		},
		Credentials: c.Credentials, ClientSecret: cfg.ClientSecret,
		Prompt: prompt, Input: stdin,
	}.Run(ctx)
}
