//go:build arm64 && !noasm

package kernels

// vecImpls lists the vector-math implementations this machine runs: the Go twins, and the
// NEON assembly where the CPU has it.
func vecImpls() []vecImpl {
	ims := []vecImpl{goVec}
	if hasASIMD {
		ims = append(ims, vecImpl{"neon", neonExpSum, neonMaxOf, neonSiLUMul, neonSumSquares,
			neonScaleMul, neonRoPE, neonSoftmax})
	}
	return ims
}
