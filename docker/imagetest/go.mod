module github.com/dlgo/hello/docker/imagetest

go 1.26.5
