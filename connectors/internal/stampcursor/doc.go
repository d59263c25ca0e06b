// Package stampcursor owns the cursor of incremental reads over records
// stamped with their last change time (eAccounting's ChangedUtc,
// Asperion's modifiedAt): the latest stamp handed over and the ids of the
// records that carry exactly that stamp.
//
// Systems answer "changed at or after" (inclusive), because two writes in
// one clock tick share a stamp and "after" would lose the second. The read
// that resumes from a cursor therefore gets the boundary records again;
// the cursor's ids let the reader skip the ones it handed over already,
// so an unchanged system reads as nothing new instead of repeating its
// last record on every run.
package stampcursor
