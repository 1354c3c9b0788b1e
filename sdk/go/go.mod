module github.com/stratos-run/stratos/sdk/go

go 1.24
