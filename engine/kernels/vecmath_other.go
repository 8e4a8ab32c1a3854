//go:build (!amd64 && !arm64) || noasm

package kernels

// Without assembly the vector math is the pure-Go twins of vecmath.go.
func expSum(x []float32, shift float32) float32 { return expSumGo(x, shift) }
func maxOf(x []float32) float32                 { return maxOfGo(x) }
func siluMul(out, gate, up []float32)           { siluMulGo(out, gate, up) }
func sumSquares(x []float32) float32            { return sumSquaresGo(x) }
func scaleMul(out, x, w []float32, s float32)   { scaleMulGo(out, x, w, s) }
func rope(x, cos, sin []float32)                { ropeGo(x, cos, sin) }
func softmax(x []float32)                       { softmaxGo(x) }
