package file

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"io"
	"os"
	"strconv"

	"github.com/pipeline-dev/pipeline/connectors"
)

// errClosed is returned by Read and Write after Close.
var errClosed = errors.New("file connector used after Close")

// utf8BOM is the byte-order mark spreadsheet programs put at the start of
// UTF-8 exports. It is not part of the data, so readers drop it.
var utf8BOM = []byte{0xEF, 0xBB, 0xBF}

// source is an open input: the stream to read and what to close afterwards
// (nothing for stdin, which belongs to the process).
type source struct {
	r      io.Reader
	closer io.Closer
	name   string // the Origin prefix, see originName
}

func openSource(ctx context.Context, path string, opts connectors.Options) (*source, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	if path == StdioPath {
		if opts.Stdin == nil {
			return nil, errors.New(`path "-": no standard input available`)
		}
		return &source{r: opts.Stdin, name: originName(path)}, nil
	}
	f, err := os.Open(resolve(path, opts))
	if err != nil {
		return nil, err
	}
	return &source{r: f, closer: f, name: originName(path)}, nil
}

func (s *source) close() error {
	if s.closer == nil {
		return nil
	}
	c := s.closer
	s.closer = nil
	return c.Close()
}

// skipBOM returns a buffered reader over r positioned after a leading
// byte-order mark, if there is one.
func skipBOM(r io.Reader) *bufio.Reader {
	br := bufio.NewReaderSize(r, 64<<10)
	if b, err := br.Peek(len(utf8BOM)); err == nil && bytes.Equal(b, utf8BOM) {
		br.Discard(len(utf8BOM))
	}
	return br
}

// fieldTypes returns opts.FieldType, or a function that knows no types when
// a caller (a test, a tool) left it nil.
func fieldTypes(opts connectors.Options) func(string) string {
	if opts.FieldType != nil {
		return opts.FieldType
	}
	return func(string) string { return "" }
}

// originer builds "<name>:<line>" Origins with one allocation each, reusing
// its scratch buffer so that a long file costs no more per record than a
// short one.
type originer struct {
	buf    []byte
	prefix int
}

func newOriginer(name string) originer {
	b := append([]byte(name), ':')
	return originer{buf: b, prefix: len(b)}
}

func (o *originer) at(line int64) string {
	o.buf = strconv.AppendInt(o.buf[:o.prefix], line, 10)
	return string(o.buf)
}
