package handmap

import (
	"errors"
	"fmt"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/govalues/decimal"
	"github.com/tidwall/gjson"
)

// Mapper holds the settings and lookup tables of the mapping.
type Mapper struct {
	Statuses      map[string]bool
	Debtors       map[string]string
	Items         map[string]string
	DefaultDebtor string
	ShippingItem  string
	DiscountItem  string
	Zone          *time.Location
}

var (
	hundred = decimal.MustNew(100, 0)
	terms   = map[string]string{"0": "00", "14": "14", "30": "30"}
	vatCode = map[string]string{"21": "2", "9": "1", "0": "0"}
)

// ErrFiltered is returned for orders the status filter leaves out.
var ErrFiltered = errors.New("filtered out")

// Map appends the sales order for one webshop order to dst.
func (m *Mapper) Map(dst []byte, raw []byte) ([]byte, error) {
	paths := gjson.GetManyBytes(raw, "status", "order_number", "customer", "created_at", "currency", "payment.term", "line_items", "shipping", "discount")
	if !m.Statuses[paths[0].Str] {
		return dst, ErrFiltered
	}
	cust, lines, ship, disc := paths[2], paths[6], paths[7], paths[8]
	dst = append(dst, `{"YourRef":`...)
	dst = append(dst, paths[1].Raw...)
	debtor, ok := m.Debtors[strings.ToLower(cust.Get("email").Str)]
	if !ok {
		debtor = m.DefaultDebtor
	}
	dst = appendField(dst, "OrderedBy", debtor)
	created, err := time.Parse(time.RFC3339, paths[3].Str)
	if err != nil {
		return dst, err
	}
	dst = appendField(dst, "OrderDate", created.In(m.Zone).Format("2006-01-02"))
	dst = append(dst, `,"Currency":`...)
	dst = append(dst, paths[4].Raw...)
	term, ok := terms[trimNumber(paths[5].Raw)]
	if !ok {
		term = "30"
	}
	dst = appendField(dst, "PaymentCondition", term)
	if company := cust.Get("company").Str; company != "" {
		dst = appendField(dst, "Description", company)
	} else {
		dst = appendField(dst, "Description", cust.Get("first_name").Str+" "+cust.Get("last_name").Str)
	}
	total, err := orderTotal(lines, ship, disc)
	if err != nil {
		return dst, err
	}
	dst = appendField(dst, "Remarks", "Webshop total "+total.String()+" excl. VAT")
	dst = append(dst, `,"SalesOrderLines":[`...)
	n := 0
	var lineErr error
	lines.ForEach(func(_, line gjson.Result) bool {
		f := gjson.GetMany(line.Raw, "sku", "name", "quantity", "unit_price_excl_vat", "discount_percent", "vat_rate")
		if qty, _ := decimal.Parse(f[2].Raw); !qty.IsPos() {
			return true
		}
		item, ok := m.Items[f[0].Str]
		if !ok {
			lineErr = fmt.Errorf("SalesOrderLines.%d.Item: no item for %q", n, f[0].Str)
			return false
		}
		price, err := netPrice(f[3].Raw, f[4].Raw)
		if err != nil {
			lineErr = err
			return false
		}
		vat, ok := vatCode[trimNumber(f[5].Raw)]
		if !ok {
			lineErr = fmt.Errorf("no VAT code for %s", f[5].Raw)
			return false
		}
		dst = appendLine(dst, n, item, truncate(f[1].Str, 60), f[2].Raw, price.String(), vat)
		n++
		return true
	})
	if lineErr != nil {
		return dst, lineErr
	}
	if amount, _ := decimal.Parse(ship.Get("amount_excl_vat").Raw); amount.IsPos() {
		vat, ok := vatCode[trimNumber(ship.Get("vat_rate").Raw)]
		if !ok {
			return dst, fmt.Errorf("no VAT code for shipping")
		}
		dst = appendLine(dst, n, m.ShippingItem, "Shipping ("+ship.Get("method").Str+")", "1", round2(amount).String(), vat)
		n++
	}
	if amount, _ := decimal.Parse(disc.Get("amount_excl_vat").Raw); amount.IsPos() {
		dst = appendLine(dst, n, m.DiscountItem, "Discount "+disc.Get("code").Str, "1", round2(amount).Neg().String(), "2")
	}
	return append(dst, "]}"...), nil
}

func appendLine(dst []byte, n int, item, desc, qty, price, vat string) []byte {
	if n > 0 {
		dst = append(dst, ',')
	}
	dst = append(dst, `{"Item":`...)
	dst = appendString(dst, item)
	dst = appendField(dst, "Description", desc)
	dst = append(dst, `,"Quantity":`...)
	dst = append(dst, qty...)
	dst = append(dst, `,"NetPrice":`...)
	dst = append(dst, price...)
	dst = appendField(dst, "VATCode", vat)
	return append(dst, '}')
}

// orderTotal is the sum of the discounted lines plus shipping minus the
// discount, rounded to cents.
func orderTotal(lines, ship, disc gjson.Result) (decimal.Decimal, error) {
	var sum decimal.Decimal
	var err error
	lines.ForEach(func(_, line gjson.Result) bool {
		f := gjson.GetMany(line.Raw, "quantity", "unit_price_excl_vat", "discount_percent")
		var qty, price, pct decimal.Decimal
		if qty, err = decimal.Parse(f[0].Raw); err != nil {
			return false
		}
		if price, err = decimal.Parse(f[1].Raw); err != nil {
			return false
		}
		pct = decimal.Zero
		if f[2].Exists() {
			if pct, err = decimal.Parse(f[2].Raw); err != nil {
				return false
			}
		}
		var v decimal.Decimal
		v, _ = qty.Mul(price)
		factor, _ := hundred.Sub(pct)
		v, _ = v.Mul(factor)
		v, _ = v.Quo(hundred)
		sum, err = sum.Add(v)
		return err == nil
	})
	if err != nil {
		return sum, err
	}
	if s := ship.Get("amount_excl_vat"); s.Exists() {
		v, _ := decimal.Parse(s.Raw)
		sum, _ = sum.Add(v)
	}
	if d := disc.Get("amount_excl_vat"); d.Exists() {
		v, _ := decimal.Parse(d.Raw)
		sum, _ = sum.Sub(v)
	}
	return round2(sum), nil
}

func netPrice(price, pct string) (decimal.Decimal, error) {
	p, err := decimal.Parse(price)
	if err != nil {
		return p, err
	}
	d := decimal.Zero
	if pct != "" {
		if d, err = decimal.Parse(pct); err != nil {
			return d, err
		}
	}
	factor, _ := hundred.Sub(d)
	v, _ := p.Mul(factor)
	v, _ = v.Quo(hundred)
	return round2(v), nil
}

// round2 rounds half away from zero to two places and keeps two places.
func round2(d decimal.Decimal) decimal.Decimal {
	half := decimal.MustNew(5, 3)
	if d.IsNeg() {
		half = half.Neg()
	}
	r, _ := d.Add(half)
	return r.Trunc(2).Pad(2)
}

func trimNumber(raw string) string {
	d, err := decimal.Parse(raw)
	if err != nil {
		return raw
	}
	return d.Trim(0).String()
}

func truncate(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	return string([]rune(s)[:n])
}

func appendField(dst []byte, name, value string) []byte {
	dst = append(dst, ',', '"')
	dst = append(dst, name...)
	dst = append(dst, '"', ':')
	return appendString(dst, value)
}

// appendString writes a JSON string, escaping what JSON requires.
func appendString(dst []byte, s string) []byte {
	const hex = "0123456789abcdef"
	dst = append(dst, '"')
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c == '"' || c == '\\':
			dst = append(dst, '\\', c)
		case c < 0x20:
			dst = append(dst, '\\', 'u', '0', '0', hex[c>>4], hex[c&0xf])
		default:
			dst = append(dst, c)
		}
	}
	return append(dst, '"')
}
