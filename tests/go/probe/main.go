// Command probe is the Runnable of the Go SDK's end-to-end tests: the URL parameter "op"
// selects what it does with the SDK (see ops), so one module covers every area the examples do
// not.
package main

import (
	"errors"
	"fmt"
	"os"
	"runtime"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"

	stratos "github.com/stratos-run/stratos/sdk/go"
	"github.com/stratos-run/stratos/sdk/go/cache"
	"github.com/stratos-run/stratos/sdk/go/db"
	"github.com/stratos-run/stratos/sdk/go/graphql"
	"github.com/stratos-run/stratos/sdk/go/http"
	"github.com/stratos-run/stratos/sdk/go/log"
	"github.com/stratos-run/stratos/sdk/go/request"
	"github.com/stratos-run/stratos/sdk/go/response"
)

// ops are the operations, by the URL parameter "op".
var ops = map[string]func(input []byte) ([]byte, error){
	"meta":       meta,
	"set-meta":   setMeta,
	"set-query":  setQuery,
	"state":      state,
	"body-field": bodyField,
	"param":      urlParam,
	"headers":    headers,
	"log":        logLevels,
	"fetch":      fetch,
	"graphql":    query,
	"db":         database,
	"cache":      cacheRoundTrip,
	"goroutines": goroutines,
	"echo":       func(input []byte) ([]byte, error) { return input, nil },
	"grow":       grow,
	"alloc":      alloc,
	"loop":       loop,
	"sleep":      sleep,
	"clock":      clock,
	"stdio":      stdio,
	"panic":      func([]byte) ([]byte, error) { panic("boom") },
	"error":      wrappedError,
	"plain":      func([]byte) ([]byte, error) { return nil, errors.New("plain failure") },
}

func init() { stratos.Use(stratos.RunnableFunc(run)) }

func run(input []byte) ([]byte, error) {
	op, err := request.URLParam("op")
	if err != nil {
		return nil, err
	}
	do, ok := ops[op]
	if !ok {
		return nil, stratos.NewError(400, "unknown op "+strconv.Quote(op))
	}
	return do(input)
}

// param returns the query parameter key, or def when it is absent.
func param(key, def string) string {
	value, err := request.QueryParam(key)
	if err != nil || value == "" {
		return def
	}
	return value
}

// intParam is the query parameter key as a number, or def.
func intParam(key string, def int) int {
	n, err := strconv.Atoi(param(key, ""))
	if err != nil {
		return def
	}
	return n
}

// meta reports the Meta fields: method, URL, id and body.
func meta(input []byte) ([]byte, error) {
	return fmt.Appendf(nil, "method=%s\nurl=%s\nid=%s\nbody=%s\nraw=%s\ninput=%s",
		request.Method(), request.URL(), request.ID(), request.BodyString(), request.Body(), input), nil
}

// setMeta changes the method, URL and body for the next step.
func setMeta(input []byte) ([]byte, error) {
	return nil, errors.Join(
		request.SetMethod("PUT"),
		request.SetURL("/changed/by-probe?lang=fr"),
		request.SetBody(`{"message":"new body"}`),
	)
}

// setQuery tries to set a query parameter, which the ABI does not allow.
func setQuery([]byte) ([]byte, error) {
	if err := request.SetField(request.FieldQuery, "lang", "fr"); err != nil {
		return []byte("error: " + err.Error()), nil
	}
	return []byte("set"), nil
}

// state reports the state values named by the query parameter "keys" (comma-separated), as
// key=<quoted bytes>, and sets the state value "probe".
func state([]byte) ([]byte, error) {
	var out []string
	for _, key := range strings.Split(param("keys", ""), ",") {
		value, err := request.StateBytes(key)
		if err != nil {
			return nil, err
		}
		out = append(out, key+"="+strconv.Quote(string(value)))
	}
	if err := request.SetState("probe", "set by probe"); err != nil {
		return nil, err
	}
	return []byte(strings.Join(out, "\n")), nil
}

// bodyField reads the JSON body field named by the query parameter "key".
func bodyField([]byte) ([]byte, error) {
	value, err := request.BodyField(param("key", "message"))
	if err != nil {
		return nil, stratos.NewError(422, err.Error())
	}
	return []byte(value), nil
}

// urlParam reads the URL parameter named by the query parameter "key".
func urlParam([]byte) ([]byte, error) {
	value, err := request.URLParam(param("key", "op"))
	return []byte(value), err
}

// headers sets the response headers given as query parameters "name" and "value", and a
// Content-Type.
func headers([]byte) ([]byte, error) {
	response.SetHeader(param("name", "X-Probe"), param("value", "probed"))
	response.ContentType("text/x-probe")
	return []byte("headers set"), nil
}

// logLevels logs the input at every level.
func logLevels(input []byte) ([]byte, error) {
	log.Debug("debug: " + string(input))
	log.Info("info: " + string(input))
	log.Warn("warn: " + string(input))
	log.Error("error: " + string(input))
	log.Write(log.Level(9), "other: "+string(input))
	return []byte("logged"), nil
}

// fetch sends an HTTP request described by the input: a first line "METHOD URL", then
// "Name: value" header lines, an empty line and the body. A status above 299 fails with that
// status; another host error with 502.
func fetch(input []byte) ([]byte, error) {
	head, body, _ := strings.Cut(string(input), "\n\n")
	lines := strings.Split(head, "\n")
	methodName, url, _ := strings.Cut(lines[0], " ")
	headers := map[string]string{}
	for _, line := range lines[1:] {
		name, value, _ := strings.Cut(line, ": ")
		headers[name] = value
	}
	methods := map[string]func() ([]byte, error){
		"GET":     func() ([]byte, error) { return http.GET(url, headers) },
		"HEAD":    func() ([]byte, error) { return http.HEAD(url, headers) },
		"OPTIONS": func() ([]byte, error) { return http.OPTIONS(url, headers) },
		"POST":    func() ([]byte, error) { return http.POST(url, []byte(body), headers) },
		"PUT":     func() ([]byte, error) { return http.PUT(url, []byte(body), headers) },
		"PATCH":   func() ([]byte, error) { return http.PATCH(url, []byte(body), headers) },
		"DELETE":  func() ([]byte, error) { return http.DELETE(url, headers) },
	}
	send, ok := methods[methodName]
	if !ok {
		n, _ := strconv.Atoi(methodName)
		send = func() ([]byte, error) { return http.Do(http.Method(n), url, []byte(body), headers) }
	}
	out, err := send()
	var status *http.StatusError
	switch {
	case errors.As(err, &status):
		return nil, stratos.NewError(status.StatusCode, fmt.Sprintf("status %d, body %q, text %q", status.StatusCode, status.Body, err.Error()))
	case err != nil:
		return nil, stratos.NewError(502, err.Error())
	}
	return out, nil
}

// query runs a GraphQL query: the input's first line is the endpoint, the rest the query.
func query(input []byte) ([]byte, error) {
	endpoint, q, _ := strings.Cut(string(input), "\n")
	out, err := graphql.Query(endpoint, q)
	if err != nil {
		return nil, stratos.NewError(502, err.Error())
	}
	return out, nil
}

// database runs the named query "name" as the query type "type" (insert, select, update,
// delete or a number for Exec) with the input's lines as arguments.
func database(input []byte) ([]byte, error) {
	var args []db.QueryArg
	if len(input) > 0 {
		for i, value := range strings.Split(string(input), "\n") {
			args = append(args, db.Arg("var"+strconv.Itoa(i+1), value))
		}
	}
	name := param("name", "")
	calls := map[string]func(string, ...db.QueryArg) ([]byte, error){
		"insert": db.Insert, "select": db.Select, "update": db.Update, "delete": db.Delete,
	}
	call, ok := calls[param("type", "")]
	if !ok {
		call = func(name string, args ...db.QueryArg) ([]byte, error) {
			return db.Exec(db.QueryType(intParam("type", 1)), name, args...)
		}
	}
	out, err := call(name, args...)
	if err != nil {
		return nil, stratos.NewError(400, err.Error())
	}
	return out, nil
}

// cacheRoundTrip stores the input under "key" for "ttl" seconds and reads it back.
func cacheRoundTrip(input []byte) ([]byte, error) {
	key := param("key", "probe")
	if err := cache.Set(key, input, intParam("ttl", 0)); err != nil {
		return nil, err
	}
	return cache.Get(key)
}

// goroutines runs "n" goroutines that each store and read back a cache value, yielding in
// between, and reports what each one read.
func goroutines([]byte) ([]byte, error) {
	n := intParam("n", 8)
	results := make([]string, n)
	var wg sync.WaitGroup
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			key := "goroutine-" + strconv.Itoa(i)
			if err := cache.Set(key, []byte(strconv.Itoa(i*i)), 0); err != nil {
				results[i] = err.Error()
				return
			}
			runtime.Gosched()
			value, err := cache.Get(key)
			if err != nil {
				results[i] = err.Error()
				return
			}
			results[i] = key + "=" + string(value)
		}()
	}
	wg.Wait()
	sort.Strings(results)
	return []byte(strings.Join(results, "\n")), nil
}

// retained keeps what grow allocated across invocations.
var retained [][]byte

// grow keeps "mb" more MiB alive across invocations and reports the total.
func grow([]byte) ([]byte, error) {
	chunk := make([]byte, intParam("mb", 1)<<20)
	for i := range chunk {
		chunk[i] = byte(i)
	}
	retained = append(retained, chunk)
	return []byte(strconv.Itoa(len(retained)*len(chunk)>>20) + " MiB retained"), nil
}

// alloc allocates and touches "mb" MiB that become garbage when it returns.
func alloc([]byte) ([]byte, error) {
	buf := make([]byte, intParam("mb", 1)<<20)
	for i := 0; i < len(buf); i += 4096 {
		buf[i] = 1
	}
	return []byte("allocated " + strconv.Itoa(len(buf)>>20) + " MiB"), nil
}

// loop never returns.
func loop([]byte) ([]byte, error) {
	n := 0
	for {
		n++
	}
}

// sleep sleeps "ms" milliseconds (WASI poll_oneoff).
func sleep([]byte) ([]byte, error) {
	start := time.Now()
	time.Sleep(time.Duration(intParam("ms", 10)) * time.Millisecond)
	return []byte("slept " + strconv.FormatInt(time.Since(start).Milliseconds(), 10) + " ms"), nil
}

// clock reports the wall clock's year (WASI clock_time_get).
func clock([]byte) ([]byte, error) {
	return []byte(strconv.Itoa(time.Now().UTC().Year())), nil
}

// stdio writes the input to stdout and stderr (WASI fd_write).
func stdio(input []byte) ([]byte, error) {
	fmt.Fprintln(os.Stdout, "stdout: "+string(input))
	fmt.Fprintln(os.Stderr, "stderr: "+string(input))
	return []byte("written"), nil
}

// wrappedError fails with a RunErr of code "code" wrapped in context.
func wrappedError([]byte) ([]byte, error) {
	return nil, fmt.Errorf("probe: %w", stratos.NewError(intParam("code", 418), "teapot"))
}

// main is required by package main; a reactor's main never runs.
func main() {}
