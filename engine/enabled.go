package engine

// Enabled reports whether the pipeline runs with the variables it was
// compiled with: false when its enabled condition is false. Commands that
// read or write (run, plan, apply, retry, pipeline serve) do nothing for a
// disabled pipeline, so its cursor stays where it was; golden tests and
// validation compile and check it all the same.
func (p *Plan) Enabled() bool { return p.disabledBy == "" }

// DisabledBy is the enabled condition as written ("var.order_type ==
// \"journal_entry\""), for the message saying why the pipeline does not
// run; "" when it runs.
func (p *Plan) DisabledBy() string { return p.disabledBy }

// DisabledMessage is the line commands print instead of running a
// disabled pipeline.
func (p *Plan) DisabledMessage() string {
	return "pipeline " + p.Name + " is disabled by its settings (enabled = " + p.disabledBy + ")"
}
