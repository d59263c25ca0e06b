package emulator

// An account's main contact. Exact makes the first contact person added
// to an account its main contact (Account.MainContact; the contact reads
// IsMainContact and AccountMainContact), and a client may name another
// one of the account's contacts. These rules are recalled from Exact's
// behaviour, not confirmed from a source in the project's stores.

// markMainContact fills a contact's read-only main-contact fields from its
// account; a contact being created for an account without a main contact
// becomes it (applyContact stores that on the account).
func markMainContact(rec, acc row, creating bool) {
	main := str(acc["MainContact"])
	if main == "" && creating {
		main = str(rec["ID"])
	}
	rec["AccountMainContact"] = nil
	if main != "" {
		rec["AccountMainContact"] = main
	}
	rec["IsMainContact"] = main != "" && main == str(rec["ID"])
}

// checkMainContact refuses a MainContact that is not a contact of the
// account. Seeds load accounts before contacts, so they are not checked.
func (tx *txn) checkMainContact(rec, old row) error {
	main := str(rec["MainContact"])
	if tx.seeding || main == "" || (old != nil && main == str(old["MainContact"])) {
		return nil
	}
	c, ok := tx.find("Contacts", main)
	if !ok {
		return badRequest("MainContact: Contact %s does not exist in division %d", main, tx.d.Code)
	}
	if str(c["Account"]) != str(rec["ID"]) {
		return badRequest("MainContact: Contact %s belongs to another account", main)
	}
	return nil
}

// applyContact makes a new contact its account's main contact when the
// account has none.
func applyContact(tx *txn, rec, old row, _ []row) error {
	if old != nil || rec["IsMainContact"] != true {
		return nil
	}
	acc, ok := tx.find("Accounts", str(rec["Account"]))
	if !ok || str(acc["MainContact"]) != "" {
		return nil
	}
	tx.setMainContact(str(rec["Account"]), acc, rec["ID"])
	return nil
}

// applyAccount keeps the contacts' IsMainContact and AccountMainContact
// in step when a client names another main contact.
func applyAccount(tx *txn, rec, old row, _ []row) error {
	if old != nil && str(rec["MainContact"]) != str(old["MainContact"]) {
		tx.refreshContacts(str(rec["ID"]), rec)
	}
	return nil
}

// refreshContacts stores the contacts of account acc whose main-contact
// fields changed.
func (tx *txn) refreshContacts(accID string, acc row) {
	cs := specByName["Contacts"]
	for _, r := range tx.d.table(cs.Name).all() {
		if str(r.F["Account"]) != accID {
			continue
		}
		c := copyRow(r.F)
		markMainContact(c, acc, false)
		if c["IsMainContact"] != r.F["IsMainContact"] || c["AccountMainContact"] != r.F["AccountMainContact"] {
			tx.put(cs, str(c["ID"]), c, false)
		}
	}
}

// removedContact clears the account's main contact when it is deleted.
func removedContact(tx *txn, old row) {
	accID := str(old["Account"])
	if acc, ok := tx.find("Accounts", accID); ok && str(acc["MainContact"]) == str(old["ID"]) {
		tx.setMainContact(accID, acc, nil)
	}
}

// setMainContact stores the account with another main contact.
func (tx *txn) setMainContact(accID string, acc row, contact any) {
	as := specByName["Accounts"]
	a := copyRow(acc)
	a["MainContact"] = contact
	tx.stamp(as, a, false)
	tx.put(as, accID, a, false)
	tx.refreshContacts(accID, a)
}
