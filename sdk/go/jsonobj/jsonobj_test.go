package jsonobj_test

import (
	"encoding/json"
	"testing"

	"github.com/stratos-run/stratos/sdk/go/jsonobj"
)

func TestQuoteMatchesEncodingJSON(t *testing.T) {
	for _, s := range []string{"", "plain", `q"b\s`, "a\nb\r\tc", "\x00\x1f\x7f", "héllo 🌍", "bad \xff utf8"} {
		got := jsonobj.Quote(s)
		var back string
		if err := json.Unmarshal([]byte(got), &back); err != nil {
			t.Fatalf("Quote(%q) = %s, not JSON: %v", s, got, err)
		}
		want, _ := json.Marshal(s)
		var wantBack string
		_ = json.Unmarshal(want, &wantBack)
		if back != wantBack {
			t.Errorf("Quote(%q) decodes to %q, encoding/json's to %q", s, back, wantBack)
		}
	}
}

func TestObjects(t *testing.T) {
	if got := jsonobj.New().String(); got != "{}" {
		t.Fatalf("empty: %s", got)
	}
	got := jsonobj.New().Set("name", "mars").SetInt("moons", 2).SetRaw("tags", `["red"]`).String()
	if got != `{"name":"mars","moons":2,"tags":["red"]}` {
		t.Fatalf("got %s", got)
	}
	var o jsonobj.Object
	o.Set("a", "b")
	first := o.Bytes()
	o.Set("c", "d")
	if string(first) != `{"a":"b"}` || o.String() != `{"a":"b","c":"d"}` {
		t.Fatalf("Bytes must not be changed by later members: %s %s", first, o.String())
	}
}
