//go:build (!amd64 && !arm64) || noasm

package cpupeak

// loops lists the FMA loops of this build: the portable one only.
func loops() []loop { return []loop{goLoop} }
