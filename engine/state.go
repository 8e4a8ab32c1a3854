package engine

import (
	"runtime"

	"github.com/redraft/redraft/engine/kernels"
)

// passRows is the most rows (positions, summed over the windows of a batch) that one pass
// packs together. Bigger passes amortise reading the weights; this keeps the scratch buffers
// near 30 MB. A single window longer than this still runs as one pass.
const passRows = 1024

// runState holds the scratch buffers of the forward pass. They grow to the largest pass seen and
// are reused: a pass allocates nothing but its result. Rows of the buffers that matmuls read
// are kernels.Stride apart (row r of x starts at x[r*ldD]), so the kernels read them in place.
type runState struct {
	x    []float32     // (rows, dim), stride ldD: residual stream
	xn   []float32     // (rows, dim), stride ldD: rmsnorm(x), the input of a matmul
	qkv  []float32     // (rows, 3*dim), stride ldQ: q, k, v of every row; q and k after RoPE
	att  []float32     // (rows, dim), stride ldD: attention output, heads side by side
	h13  []float32     // (rows, 2*ffn), stride ld13: gate (w1) and up (w3) projections
	hid  []float32     // (rows, ffn), stride ldF: silu(gate) ⊙ up
	hout []float32     // (outs, dim), stride ldD: final-normed rows that get logits
	work []attnScratch // (worker): attention scratch of each goroutine

	ldD, ldQ, ld13, ldF int // row strides
}

// attnScratch is one attention worker's scratch: one (run of groups, head) task at a time.
type attnScratch struct {
	own    []kv      // each group's own keys and values of the head, packed
	scores []float32 // (queries, keys), stride kernels.Stride(keys): attention weights
}

// pass is one forward computation over rows packed from one or more windows.
type pass struct {
	ids    []int     // (rows): token id of each row
	pos    []int     // (rows): position of each row in its window, for RoPE
	groups []group   // rows that attend to one another
	out    []int     // rows whose logits are wanted, in result order
	logits []float32 // (len(out), vocab): where the logits go
	build  bool      // groups are whole windows: store each one's K/V in its group's cache and stop there
}

// group is a block of rows [row, row+n) that form one window (or one active span). In a pass
// that builds caches, cache is the window's cache being built; otherwise, if set, the rows are
// a variant of cache's active span and also attend to its context.
type group struct {
	row, n int
	cache  *Cache
}

// grow returns buf resized to n, reallocated only when it is too small.
func grow(buf []float32, n int) []float32 {
	if cap(buf) < n {
		return make([]float32, n)
	}
	return buf[:n]
}

// reserve sizes the buffers for a pass of rows rows and outs output rows (attention's scratch
// grows as it is used).
func (s *runState) reserve(c Config, rows, outs int) {
	dim, ffn := c.DModel, c.DFF
	s.ldD, s.ldQ = kernels.Stride(dim), kernels.Stride(3*dim)
	s.ld13, s.ldF = kernels.Stride(2*ffn), kernels.Stride(ffn)
	s.x = grow(s.x, rows*s.ldD)
	s.xn = grow(s.xn, rows*s.ldD)
	s.qkv = grow(s.qkv, rows*s.ldQ)
	s.att = grow(s.att, rows*s.ldD)
	s.h13 = grow(s.h13, rows*s.ld13)
	s.hid = grow(s.hid, rows*s.ldF)
	s.hout = grow(s.hout, outs*s.ldD)
	if w := runtime.GOMAXPROCS(0); len(s.work) < w { // attention's goroutines
		s.work = append(s.work, make([]attnScratch, w-len(s.work))...)
	}
}
