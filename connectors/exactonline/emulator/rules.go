package emulator

import (
	"net/url"
	"strings"
)

// Derivations for the master-data entities: what Exact fills in itself.

// Account status codes: C customer, P prospect, S suspect, A accountant.
var accountStatuses = map[string]bool{"C": true, "P": true, "S": true, "A": true, "": true}

func deriveAccount(tx *txn, rec, old, _ row) error {
	if code, ok := rec["Code"].(string); ok {
		rec["Code"] = padCode(code)
	}
	if rec["Status"] == nil && old == nil {
		rec["Status"] = "C"
	}
	if st := str(rec["Status"]); !accountStatuses[st] {
		return badRequest("Status: '%s' is not an account status (C, P, S, A)", st)
	}
	rec["IsSales"] = str(rec["Status"]) == "C"
	rec["IsPurchase"] = rec["IsSupplier"] == true
	if pc, ok := tx.lookupByCode("PaymentConditions", rec["PaymentConditionSales"]); ok {
		rec["PaymentConditionSalesDescription"] = pc["Description"]
	} else if rec["PaymentConditionSales"] != nil {
		return badRequest("PaymentConditionSales: payment condition '%s' does not exist", str(rec["PaymentConditionSales"]))
	}
	if vc, ok := tx.lookupByCode("VATCodes", rec["SalesVATCode"]); ok {
		rec["SalesVATCodeDescription"] = vc["Description"]
	} else if rec["SalesVATCode"] != nil {
		return badRequest("SalesVATCode: VAT code '%s' does not exist", str(rec["SalesVATCode"]))
	}
	if old == nil && rec["CustomerSince"] == nil && rec["IsSales"] == true {
		rec["CustomerSince"] = dateWire(midnight(tx.now))
	}
	if rec["Currency"] == nil {
		rec["Currency"] = "EUR"
	}
	return tx.checkMainContact(rec, old)
}

func deriveContact(tx *txn, rec, old, _ row) error {
	if acc, ok := tx.find("Accounts", str(rec["Account"])); ok {
		rec["AccountName"], rec["AccountIsCustomer"] = acc["Name"], acc["IsSales"]
		rec["AccountIsSupplier"] = acc["IsSupplier"]
		markMainContact(rec, acc, old == nil)
	}
	var parts []string
	for _, f := range []string{"FirstName", "MiddleName", "LastName"} {
		if s := strings.TrimSpace(str(rec[f])); s != "" {
			parts = append(parts, s)
		}
	}
	rec["FullName"] = strings.Join(parts, " ")
	return nil
}

func deriveAddress(tx *txn, rec, _, _ row) error {
	if acc, ok := tx.find("Accounts", str(rec["Account"])); ok {
		rec["AccountName"], rec["AccountIsSupplier"] = acc["Name"], acc["IsSupplier"]
	}
	return nil
}

func deriveItem(tx *txn, rec, old, _ row) error {
	if vc, ok := tx.lookupByCode("VATCodes", rec["SalesVatCode"]); ok {
		rec["SalesVatCodeDescription"] = vc["Description"]
	} else if rec["SalesVatCode"] != nil {
		return badRequest("SalesVatCode: VAT code '%s' does not exist", str(rec["SalesVatCode"]))
	}
	if gl, ok := tx.find("GLAccounts", str(rec["GLRevenue"])); ok {
		rec["GLRevenueCode"], rec["GLRevenueDescription"] = gl["Code"], gl["Description"]
	}
	if g, ok := tx.find("ItemGroups", str(rec["ItemGroup"])); ok {
		rec["ItemGroupCode"], rec["ItemGroupDescription"] = g["Code"], g["Description"]
	}
	if old == nil {
		if rec["IsSalesItem"] == nil {
			rec["IsSalesItem"] = true
		}
		rec["Stock"] = intWire(0) // follows ItemWarehouses from here on
	}
	if rec["Unit"] == nil {
		rec["Unit"] = "pc"
	}
	return nil
}

func deriveItemPrice(tx *txn, rec, _, _ row) error {
	if it, ok := tx.find("Items", str(rec["Item"])); ok {
		rec["ItemCode"], rec["ItemDescription"], rec["DefaultItemUnit"] = it["Code"], it["Description"], it["Unit"]
		if rec["Unit"] == nil {
			rec["Unit"] = it["Unit"]
		}
	}
	if acc, ok := tx.find("Accounts", str(rec["Account"])); ok {
		rec["AccountName"] = acc["Name"]
	}
	if rec["Currency"] == nil {
		rec["Currency"] = "EUR"
	}
	return nil
}

// webhookTopics are the topics the emulator can emit.
var webhookTopics = map[string]bool{}

func init() {
	for _, s := range entitySpecs {
		if s.Topic != "" {
			webhookTopics[s.Topic] = true
		}
	}
}

func deriveWebhookSubscription(tx *txn, rec, _, _ row) error {
	if t := str(rec["Topic"]); t != "" && !webhookTopics[t] {
		return badRequest("Topic: '%s' is not a supported webhook topic", t)
	}
	if cb := str(rec["CallbackURL"]); cb != "" {
		u, err := url.Parse(cb)
		if err != nil || !u.IsAbs() || (u.Scheme != "https" && u.Scheme != "http") {
			return badRequest("CallbackURL: '%s' is not an absolute http(s) URL", cb)
		}
	}
	if tx.client != "" {
		rec["ClientID"] = clientGUID(tx.client)
	}
	rec["UserID"] = tx.e.user.ID
	return nil
}

// clientGUID returns the client id as a GUID when it is one (Exact client
// ids are GUIDs), nil otherwise.
func clientGUID(id string) any {
	if g, ok := parseGUID(id); ok {
		return g
	}
	return nil
}

// lookupByCode finds a row of a code-keyed entity (VAT codes, payment
// conditions) by its code.
func (tx *txn) lookupByCode(entity string, code any) (row, bool) {
	c, ok := code.(string)
	if !ok || c == "" {
		return nil, false
	}
	id, ok := tx.lookupUnique(specByName[entity], c)
	if !ok {
		return nil, false
	}
	return tx.find(entity, id)
}
