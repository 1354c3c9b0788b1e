//go:build !wasip1

package request_test

import (
	"errors"
	"testing"

	"github.com/stratos-run/stratos/sdk/go/internal/hosttest"
	"github.com/stratos-run/stratos/sdk/go/request"
)

func TestGettersReadTheirFieldTypeAndKey(t *testing.T) {
	hosttest.Install(t, &hosttest.Fake{Fields: map[int32]map[string]string{
		0: {"method": "POST", "url": "/x?q=1", "id": "abc", "body": `{"name":"io"}`},
		1: {"name": "io"},
		2: {"x-planet": "mars"},
		3: {"name": "pluto"},
		4: {"greeting": "hello"},
		5: {"q": "1"},
	}})
	if request.Method() != "POST" || request.URL() != "/x?q=1" || request.ID() != "abc" {
		t.Fatal("meta fields")
	}
	if string(request.Body()) != `{"name":"io"}` || request.BodyString() != `{"name":"io"}` {
		t.Fatal("body")
	}
	check := func(name string, got string, err error, want string) {
		t.Helper()
		if err != nil || got != want {
			t.Errorf("%s = %q, %v; want %q", name, got, err, want)
		}
	}
	v, err := request.BodyField("name")
	check("BodyField", v, err, "io")
	v, err = request.Header("x-planet")
	check("Header", v, err, "mars")
	v, err = request.URLParam("name")
	check("URLParam", v, err, "pluto")
	v, err = request.State("greeting")
	check("State", v, err, "hello")
	v, err = request.QueryParam("q")
	check("QueryParam", v, err, "1")
	v, err = request.State("missing")
	check("a missing key", v, err, "")
	b, err := request.StateBytes("greeting")
	check("StateBytes", string(b), err, "hello")
}

func TestSettersWriteTheirFieldTypeAndKey(t *testing.T) {
	fake := hosttest.Install(t, &hosttest.Fake{})
	for _, err := range []error{
		request.SetMethod("PUT"), request.SetURL("/y"), request.SetBody("b"),
		request.SetBodyField("k", "v"), request.SetHeader("X-A", "a"),
		request.SetURLParam("p", "q"), request.SetState("s", "t"),
	} {
		if err != nil {
			t.Fatal(err)
		}
	}
	want := map[int32]map[string]string{
		0: {"method": "PUT", "url": "/y", "body": "b"},
		1: {"k": "v"}, 2: {"X-A": "a"}, 3: {"p": "q"}, 4: {"s": "t"},
	}
	for ft, fields := range want {
		for k, v := range fields {
			if fake.Fields[ft][k] != v {
				t.Errorf("field %d %q = %q, want %q", ft, k, fake.Fields[ft][k], v)
			}
		}
	}
}

func TestHostErrorsAreReturned(t *testing.T) {
	hosttest.Install(t, &hosttest.Fake{FieldError: errors.New("request body value name is not a string")})
	if _, err := request.BodyField("name"); err == nil || err.Error() != "request body value name is not a string" {
		t.Fatalf("got %v", err)
	}
	if err := request.SetState("a", "b"); err == nil {
		t.Fatal("want the host's error")
	}
	if request.Method() != "" {
		t.Fatal("a failed meta field must read as empty")
	}
}
