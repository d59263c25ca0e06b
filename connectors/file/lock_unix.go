//go:build unix

package file

import (
	"errors"
	"fmt"
	"os"
	"syscall"
)

// lockAppend takes an exclusive advisory lock on an appended file for as
// long as f stays open (closing it releases the lock). Two runs appending
// to one file would each cut it back to their own last checkpoint after a
// crash and drop the other's records, so the second one is refused at
// once rather than made to wait behind a run that may take hours.
func lockAppend(f *os.File, name string) error {
	for {
		err := syscall.Flock(int(f.Fd()), syscall.LOCK_EX|syscall.LOCK_NB)
		switch {
		case err == nil:
			return nil
		case errors.Is(err, syscall.EINTR):
			continue
		case errors.Is(err, syscall.EWOULDBLOCK):
			return fmt.Errorf("%s: another run is writing this file; wait for it to end, or give this pipeline a path of its own", name)
		}
		return fmt.Errorf("lock %s: %w", name, err)
	}
}
