//go:build (!amd64 && !arm64) || noasm

package kernels

// vecImpls lists the vector-math implementations of this build: the Go twins only.
func vecImpls() []vecImpl { return []vecImpl{goVec} }
