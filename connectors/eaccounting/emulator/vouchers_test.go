package emulator

import (
	"net/http"
	"slices"
	"testing"
)

func voucherBody(date string, rows ...[3]any) map[string]any {
	var list []any
	for _, r := range rows {
		list = append(list, map[string]any{"AccountNumber": r[0], "DebitAmount": r[1], "CreditAmount": r[2]})
	}
	return map[string]any{"VoucherDate": date, "VoucherText": "Memoriaal", "Rows": list}
}

func TestVouchers(t *testing.T) {
	f := newFixture(t, Options{})
	r := f.do("POST", "/v2/vouchers", voucherBody("2026-02-10", [3]any{4000, 100.1, 0}, [3]any{1100, 0, 100.1})).
		must(t, http.StatusCreated)
	if r.field("NumberAndNumberSeries") != "A3" || r.field("NumberSeries") != "A" || r.field("VoucherType") != "2" ||
		r.field("VoucherDate") != "2026-02-10T00:00:00" {
		t.Errorf("voucher: %s", r.raw)
	}
	if row := r.body["Rows"].([]any)[0].(map[string]any); row["AccountDescription"] != "Algemene kosten" {
		t.Errorf("AccountDescription = %v", row["AccountDescription"])
	}
	body := voucherBody("2026-02-11", [3]any{4000, 5, 0}, [3]any{1100, 0, 5})
	body["NumberSeries"] = "M"
	mine := f.do("POST", "/v2/vouchers?useDefaultVoucherSeries=false", body).must(t, http.StatusCreated)
	if mine.field("NumberAndNumberSeries") != "M1" {
		t.Errorf("own series: %s", mine.field("NumberAndNumberSeries"))
	}

	tests := map[string]struct {
		body  map[string]any
		code  int
		field []string
	}{
		"unbalanced":       {voucherBody("2026-02-10", [3]any{4000, 10, 0}, [3]any{1100, 0, 9.99}), codeCannotWrite, []string{"Rows"}},
		"unknown account":  {voucherBody("2026-02-10", [3]any{4999, 10, 0}, [3]any{1100, 0, 10}), codeNoAccount, []string{"Rows[0].AccountNumber"}},
		"no fiscal year":   {voucherBody("2019-02-10", [3]any{4000, 10, 0}, [3]any{1100, 0, 10}), codeNoFiscalYear, nil},
		"negative debit":   {voucherBody("2026-02-10", [3]any{4000, -10, 0}, [3]any{1100, 0, -10}), codeValidation, []string{"Rows[0].DebitAmount", "Rows[1].CreditAmount"}},
		"missing the text": {map[string]any{"Rows": []any{}}, codeValidation, []string{"VoucherText"}},
	}
	for name, tt := range tests {
		r := f.do("POST", "/v2/vouchers", tt.body).must(t, http.StatusBadRequest)
		if r.errorCode() != tt.code || !slices.Equal(r.fieldErrors(), tt.field) {
			t.Errorf("%s: %s", name, r.raw)
		}
	}

	year := f.do("GET", "/v2/vouchers/"+fiscal2026+"?$orderby=VoucherDate desc", nil).must(t, http.StatusOK)
	if year.meta("TotalNumberOfResults") != 4 || text(year.data()[0]["VoucherDate"]) != "2026-02-11T00:00:00" {
		t.Errorf("vouchers of 2026: %s", year.raw)
	}
	empty := f.do("GET", "/v2/vouchers/f1000000-0000-4000-8000-000000002025", nil).must(t, http.StatusOK)
	if empty.meta("TotalNumberOfResults") != 0 {
		t.Errorf("vouchers of 2025: %d", empty.meta("TotalNumberOfResults"))
	}
	r = f.do("GET", "/v2/vouchers/99999999-0000-4000-8000-000000000000", nil).must(t, http.StatusNotFound)
	if r.errorCode() != codeNoFiscalYear {
		t.Errorf("unknown fiscal year: %s", r.raw)
	}
	f.do("GET", "/v2/vouchers/f1000000-0000-4000-8000-000000002025/"+mine.field("Id"), nil).must(t, http.StatusNotFound)
	f.do("GET", "/v2/vouchers/"+fiscal2026+"/"+mine.field("Id"), nil).must(t, http.StatusOK)
}
