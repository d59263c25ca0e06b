package connectors

import (
	"fmt"
	"regexp"
	"sort"
	"sync"
)

// Registry holds connector specs by name. The zero value is not usable; use
// NewRegistry or Default.
type Registry struct {
	mu    sync.RWMutex
	specs map[string]Spec
}

var validName = regexp.MustCompile(`^[a-z][a-z0-9_]*$`)

// NewRegistry returns an empty registry, for tests and embedding.
func NewRegistry() *Registry { return &Registry{specs: map[string]Spec{}} }

var defaultRegistry = NewRegistry()

// Default is the process-wide registry that connector packages register
// into from init.
func Default() *Registry { return defaultRegistry }

// MustRegister adds spec to the default registry and panics on a duplicate
// or invalid spec: both are programming errors found at start-up.
func MustRegister(spec Spec) { defaultRegistry.MustRegister(spec) }

// MustRegister adds spec to r; see the package-level MustRegister.
func (r *Registry) MustRegister(spec Spec) {
	if err := r.Register(spec); err != nil {
		panic(err)
	}
}

// Register adds spec to r.
func (r *Registry) Register(spec Spec) error {
	if !validName.MatchString(spec.Name) {
		return fmt.Errorf("connector name %q is not a lower-case identifier", spec.Name)
	}
	if spec.NewConfig == nil {
		return fmt.Errorf("connector %q has no NewConfig", spec.Name)
	}
	if spec.NewReader == nil && spec.NewWriter == nil {
		return fmt.Errorf("connector %q can neither read nor write", spec.Name)
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	if _, dup := r.specs[spec.Name]; dup {
		return fmt.Errorf("connector %q registered twice", spec.Name)
	}
	r.specs[spec.Name] = spec
	return nil
}

// Lookup returns the spec registered under name.
func (r *Registry) Lookup(name string) (Spec, bool) {
	r.mu.RLock()
	defer r.mu.RUnlock()
	s, ok := r.specs[name]
	return s, ok
}

// Names returns the registered names in order.
func (r *Registry) Names() []string {
	r.mu.RLock()
	defer r.mu.RUnlock()
	names := make([]string, 0, len(r.specs))
	for n := range r.specs {
		names = append(names, n)
	}
	sort.Strings(names)
	return names
}
