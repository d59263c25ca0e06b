package file

import (
	"bufio"
	"bytes"
)

// lineCounter sits between the input and a json.Decoder and turns the
// decoder's byte offsets into line and column numbers. It notes the offset
// of every newline it hands to the decoder, and pos drops the notes it has
// passed, so the work is linear in the input and the notes held at any time
// cover only the decoder's read-ahead and the current element.
type lineCounter struct {
	r         *bufio.Reader
	off       int64   // bytes handed out so far
	newlines  []int64 // offsets of newlines handed out and not yet passed by pos
	line      int64   // line of the last position asked for, 1-based
	lineStart int64   // offset of the first byte of that line
}

func newLineCounter(r *bufio.Reader) *lineCounter { return &lineCounter{r: r, line: 1} }

func (c *lineCounter) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	c.note(p[:n])
	return n, err
}

func (c *lineCounter) note(p []byte) {
	base := c.off
	for i := 0; ; {
		j := bytes.IndexByte(p[i:], '\n')
		if j < 0 {
			break
		}
		c.newlines = append(c.newlines, base+int64(i+j))
		i += j + 1
	}
	c.off += int64(len(p))
}

// skipSpace consumes JSON whitespace and returns the next byte without
// consuming it.
func (c *lineCounter) skipSpace() (byte, error) {
	for {
		b, err := c.r.ReadByte()
		if err != nil {
			return 0, err
		}
		switch b {
		case ' ', '\t', '\r', '\n':
			c.note([]byte{b})
		default:
			c.r.UnreadByte()
			return b, nil
		}
	}
}

// pos returns the 1-based line and byte column of offset off. Offsets must
// not decrease from one call to the next.
func (c *lineCounter) pos(off int64) (line, col int64) {
	k := 0
	for k < len(c.newlines) && c.newlines[k] < off {
		c.lineStart = c.newlines[k] + 1
		c.line++
		k++
	}
	if k == len(c.newlines) {
		c.newlines = c.newlines[:0] // the usual case: reuse the array
	} else {
		c.newlines = c.newlines[k:]
	}
	return c.line, off - c.lineStart + 1
}
