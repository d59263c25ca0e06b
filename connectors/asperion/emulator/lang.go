package emulator

import (
	"fmt"
	"net/http"
	"strconv"
	"strings"
)

// lang is a message language: Asperion answers validation messages in the
// language of the Accept-Language header [A-API]; the emulator knows Dutch
// and English.
type lang int

const (
	nl lang = iota
	en
)

// language picks the first language of Accept-Language, by quality, that
// the emulator knows; Dutch otherwise (Asperion is a Dutch product, so Dutch
// is the assumed default).
func language(r *http.Request) lang {
	best, bestQ := nl, -1.0
	for _, part := range strings.Split(r.Header.Get("Accept-Language"), ",") {
		tag, params, _ := strings.Cut(strings.TrimSpace(part), ";")
		q := 1.0
		if v, ok := strings.CutPrefix(strings.TrimSpace(params), "q="); ok {
			if f, err := strconv.ParseFloat(v, 64); err == nil {
				q = f
			}
		}
		primary, _, _ := strings.Cut(strings.ToLower(tag), "-")
		var l lang
		switch primary {
		case "nl":
			l = nl
		case "en":
			l = en
		default:
			continue
		}
		if q > bestQ {
			best, bestQ = l, q
		}
	}
	return best
}

// msg is a message in both languages, as fmt formats.
type msg struct{ nl, en string }

// Messages. The wording is ours, in the style of ASP.NET's data-annotation
// messages; the real texts are unknown.
var (
	mRequired     = msg{"Het veld %s is verplicht.", "The %s field is required."}
	mMaxLength    = msg{"Het veld %s mag maximaal %d tekens bevatten.", "The field %s must be a string with a maximum length of %d."}
	mType         = msg{"De waarde van %s is geen geldige %s.", "The value of %s is not a valid %s."}
	mEnum         = msg{"Het veld %s moet een van de volgende waarden hebben: %s.", "The field %s must be one of: %s."}
	mMinItems     = msg{"Het veld %s moet minimaal %d regel(s) bevatten.", "The field %s must contain at least %d line(s)."}
	mReadOnly     = msg{"Het veld %s is alleen-lezen.", "The field %s is read-only."}
	mUnknown      = msg{"Het veld %s is onbekend.", "The field %s is unknown."}
	mNotExists    = msg{"%s %s bestaat niet in deze administratie.", "%s %s does not exist in this administration."}
	mDuplicate    = msg{"Er bestaat al een %s met %s '%s'.", "A %s with %s '%s' already exists."}
	mNonZero      = msg{"Het veld %s mag niet nul zijn.", "The field %s must not be zero."}
	mNegative     = msg{"Het veld %s mag niet negatief zijn.", "The field %s must not be negative."}
	mRange        = msg{"Het veld %s moet tussen %d en %d liggen.", "The field %s must be between %d and %d."}
	mInvalidValue = msg{"De waarde '%s' is niet geldig voor %s.", "The value '%s' is not valid for %s."}
	mNoTimeZone   = msg{"De waarde '%s' is niet geldig voor %s: gebruik ISO 8601 met tijdzone, bijvoorbeeld 2025-01-31T00:00:00Z.", "The value '%s' is not valid for %s: use ISO 8601 with a time zone, e.g. 2025-01-31T00:00:00Z."}
	mDebitCredit  = msg{"Vul op elke regel een debet- of een creditbedrag in, niet beide.", "Enter either a debit or a credit amount on each line, not both."}
	mUnbalanced   = msg{"De boeking is niet in balans: debet %s, credit %s.", "The entry does not balance: debit %s, credit %s."}
	mLineNeeds    = msg{"Het veld %s is verplicht op een regel zonder artikel.", "The %s field is required on a line without an article."}
	mBadJSON      = msg{"De inhoud van het verzoek is geen geldige JSON: %s.", "The request body is not valid JSON: %s."}
	mNotObject    = msg{"De inhoud van het verzoek moet een JSON-object zijn.", "The request body must be a JSON object."}
	mNotFound     = msg{"%s %s is niet gevonden.", "%s %s was not found."}
	mNoRoute      = msg{"Er is geen endpoint %s.", "There is no endpoint %s."}
	mNoAccess     = msg{"U heeft geen toegang tot administratie %s.", "You have no access to administration %s."}
	mTenantTwice  = msg{"De headers %s en %s noemen verschillende administraties.", "The headers %s and %s name different administrations."}
	mTenantNeeded = msg{"Kies een administratie met de header %s.", "Choose an administration with the %s header."}
	mMethod       = msg{"De methode %s is niet toegestaan; gebruik %s.", "The method %s is not allowed; use %s."}
	mMediaType    = msg{"Stuur de inhoud als application/json.", "Send the body as application/json."}
	mQuota        = msg{"Maximum aantal API-aanroepen overschreden: %d per minuut toegestaan.", "API calls quota exceeded! maximum admitted %d per 1m."}
)

// t formats m in language l.
func (l lang) t(m msg, args ...any) string {
	format := m.nl
	if l == en {
		format = m.en
	}
	return fmt.Sprintf(format, args...)
}

// kindName names a field type in messages.
func (l lang) kindName(k kind) string {
	names := map[kind][2]string{
		kText:     {"tekst", "text"},
		kInt:      {"gehele waarde", "whole number"},
		kRef:      {"id (geheel getal)", "id (whole number)"},
		kDecimal:  {"getalwaarde", "number"},
		kBool:     {"waarheidswaarde (true/false)", "boolean (true/false)"},
		kDate:     {"datum (jjjj-mm-dd)", "date (yyyy-mm-dd)"},
		kDateTime: {"datum en tijd (ISO 8601)", "date and time (ISO 8601)"},
		kObject:   {"object", "object"},
		kLines:    {"lijst", "list"},
	}
	return names[k][l]
}

// entityLabel names an entity in messages, capitalised.
func (l lang) entityLabel(e *entity) string {
	dutch := map[string]string{
		"administration": "Administratie", "vat_code": "Btw-code", "payment_condition": "Betalingsconditie",
		"sales_type": "Verkoopsoort", "debtor": "Debiteur", "article": "Artikel", "sales_order": "Verkooporder",
		"sales_invoice": "Verkoopfactuur", "journal_entry": "Journaalpost", "stock_mutation": "Voorraadmutatie",
	}
	if l == nl {
		if s, ok := dutch[e.Name]; ok {
			return s
		}
	}
	s := e.label()
	return strings.ToUpper(s[:1]) + s[1:]
}

// titles are the problem titles per status.
var titles = map[int]msg{
	http.StatusBadRequest:           {"Er zijn een of meer validatiefouten opgetreden.", "One or more validation errors occurred."},
	http.StatusUnauthorized:         {"Niet geautoriseerd", "Unauthorized"},
	http.StatusForbidden:            {"Geen toegang", "Forbidden"},
	http.StatusNotFound:             {"Niet gevonden", "Not Found"},
	http.StatusMethodNotAllowed:     {"Methode niet toegestaan", "Method Not Allowed"},
	http.StatusUnsupportedMediaType: {"Niet-ondersteund mediatype", "Unsupported Media Type"},
	http.StatusTooManyRequests:      {"Te veel verzoeken", "Too Many Requests"},
	http.StatusInternalServerError:  {"Interne serverfout", "Internal Server Error"},
	http.StatusServiceUnavailable:   {"Service niet beschikbaar", "Service Unavailable"},
}
