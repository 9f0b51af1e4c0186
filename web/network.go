package web

import (
	"math"
	"net/url"

	"github.com/coopwatch/coopwatch/index"
)

// Size of the drawn network, in SVG user units.
const (
	netWidth  = 960
	netHeight = 640
	netMargin = 70
)

// drawing is a Network laid out for SVG.
type drawing struct {
	Width, Height int
	Nodes         []drawnNode
	Edges         []drawnEdge
}

type drawnNode struct {
	X, Y, R float64
	Name    string
	Kind    string
	State   string
	Events  int
	URL     string // the partner page
	// Label tells whether the name is written on the picture, at LabelX,
	// LabelY (the text's baseline) with Anchor (start, middle or end):
	// for the bodies with most events, where it fits without covering
	// another label or node. Every node has its name as a tooltip.
	Label          bool
	LabelX, LabelY float64
	Anchor         string
}

type drawnEdge struct {
	X1, Y1, X2, Y2 float64
	Width          float64
	Weight         int
}

// layout places the nodes of n with a Fruchterman-Reingold force layout
// from a circle, deterministically (no randomness: the same search draws
// the same picture).
func layout(n index.Network) drawing {
	d := drawing{Width: netWidth, Height: netHeight}
	k := len(n.Nodes)
	if k == 0 {
		return d
	}
	x := make([]float64, k)
	y := make([]float64, k)
	for i := range k {
		// A golden-angle spiral: no two start on the same spot.
		a := float64(i) * 2.399963
		r := 0.5 * math.Sqrt(float64(i+1)/float64(k))
		x[i], y[i] = 0.5+r*math.Cos(a)*0.9, 0.5+r*math.Sin(a)*0.9
	}
	area := 1.0
	opt := math.Sqrt(area / float64(k))
	temp := 0.1
	dx := make([]float64, k)
	dy := make([]float64, k)
	for iter := 0; iter < 300; iter++ {
		clear(dx)
		clear(dy)
		for i := range k {
			for j := i + 1; j < k; j++ {
				ex, ey := x[i]-x[j], y[i]-y[j]
				dist := math.Max(math.Hypot(ex, ey), 1e-4)
				f := 1.6 * opt * opt / dist
				dx[i] += ex / dist * f
				dy[i] += ey / dist * f
				dx[j] -= ex / dist * f
				dy[j] -= ey / dist * f
			}
		}
		for _, e := range n.Edges {
			ex, ey := x[e.Source]-x[e.Target], y[e.Source]-y[e.Target]
			dist := math.Max(math.Hypot(ex, ey), 1e-4)
			f := dist * dist / opt * (1 + math.Log(float64(e.Weight)))
			dx[e.Source] -= ex / dist * f
			dy[e.Source] -= ey / dist * f
			dx[e.Target] += ex / dist * f
			dy[e.Target] += ey / dist * f
		}
		for i := range k {
			// A weak pull to the centre keeps unconnected parts on the page.
			dx[i] += (0.5 - x[i]) * 3 * opt
			dy[i] += (0.5 - y[i]) * 3 * opt
			l := math.Max(math.Hypot(dx[i], dy[i]), 1e-9)
			step := math.Min(l, temp)
			x[i] += dx[i] / l * step
			y[i] += dy[i] / l * step
		}
		temp = math.Max(temp*0.985, 0.002)
	}
	// Scale to the canvas.
	minX, maxX, minY, maxY := x[0], x[0], y[0], y[0]
	for i := range k {
		minX, maxX = math.Min(minX, x[i]), math.Max(maxX, x[i])
		minY, maxY = math.Min(minY, y[i]), math.Max(maxY, y[i])
	}
	sx := float64(netWidth-2*netMargin) / math.Max(maxX-minX, 1e-6)
	sy := float64(netHeight-2*netMargin) / math.Max(maxY-minY, 1e-6)
	maxEv := 1
	for _, nd := range n.Nodes {
		maxEv = max(maxEv, nd.Events)
	}
	px := make([]float64, k)
	py := make([]float64, k)
	rs := make([]float64, k)
	for i, nd := range n.Nodes {
		px[i] = netMargin + (x[i]-minX)*sx
		py[i] = netMargin + (y[i]-minY)*sy
		if k == 1 {
			px[i], py[i] = netWidth/2, netHeight/2
		}
		rs[i] = 5 + 13*math.Sqrt(float64(nd.Events)/float64(maxEv))
	}
	separate(px, py, rs)
	for i, nd := range n.Nodes {
		d.Nodes = append(d.Nodes, drawnNode{
			X: round1(px[i]), Y: round1(py[i]), R: round1(rs[i]),
			Name: nd.Name, Kind: string(nd.Kind), State: nd.State, Events: nd.Events,
			URL: "/partner/" + url.PathEscape(nd.Name),
		})
	}
	placeLabels(d.Nodes)
	for _, e := range n.Edges {
		a, b := d.Nodes[e.Source], d.Nodes[e.Target]
		d.Edges = append(d.Edges, drawnEdge{X1: a.X, Y1: a.Y, X2: b.X, Y2: b.Y, Width: round1(math.Min(1+float64(e.Weight-1)*1.2, 8)), Weight: e.Weight})
	}
	return d
}

func round1(f float64) float64 { return math.Round(f*10) / 10 }

// separate pushes overlapping nodes apart, so that clusters the force
// layout packed tightly stay readable: centres at least the two radii and
// a label's height apart, inside the canvas.
func separate(x, y, r []float64) {
	const gap = 22
	for range 80 {
		moved := false
		for i := range x {
			for j := i + 1; j < len(x); j++ {
				dx, dy := x[j]-x[i], y[j]-y[i]
				d := math.Hypot(dx, dy)
				want := r[i] + r[j] + gap
				if d >= want {
					continue
				}
				moved = true
				if d < 1e-6 {
					dx, dy, d = 1, 0, 1
				}
				push := (want - d) / 2
				x[i] -= dx / d * push
				y[i] -= dy / d * push
				x[j] += dx / d * push
				y[j] += dy / d * push
			}
		}
		for i := range x {
			x[i] = math.Min(math.Max(x[i], r[i]+4), netWidth-r[i]-4)
			y[i] = math.Min(math.Max(y[i], r[i]+4), netHeight-r[i]-4)
		}
		if !moved {
			return
		}
	}
}

// Label metrics in SVG units at the labels' font size (12px in a canvas
// drawn about 1.2 times larger): a generous width per character, so that
// the estimate errs on the side of space.
const (
	labelCharW  = 6.8
	labelHeight = 14
	maxLabels   = 25
)

// rect is an axis-parallel rectangle.
type rect struct{ x0, y0, x1, y1 float64 }

func (a rect) overlap(b rect) float64 {
	w := math.Min(a.x1, b.x1) - math.Max(a.x0, b.x0)
	h := math.Min(a.y1, b.y1) - math.Max(a.y0, b.y0)
	if w <= 0 || h <= 0 {
		return 0
	}
	return w * h
}

// labelBox is where a label of width w at candidate position pos (0 right,
// 1 left, 2 above, 3 below the node) lies, with its text position.
func labelBox(nd drawnNode, w float64, pos int) (r rect, x, y float64, anchor string) {
	const gap = 3
	switch pos {
	case 0:
		x, y, anchor = nd.X+nd.R+gap, nd.Y+4, "start"
		return rect{x, y - 11, x + w, y + 3}, x, y, anchor
	case 1:
		x, y, anchor = nd.X-nd.R-gap, nd.Y+4, "end"
		return rect{x - w, y - 11, x, y + 3}, x, y, anchor
	case 2:
		x, y, anchor = nd.X, nd.Y-nd.R-gap-3, "middle"
	default:
		x, y, anchor = nd.X, nd.Y+nd.R+gap+11, "middle"
	}
	return rect{x - w/2, y - 11, x + w/2, y + 3}, x, y, anchor
}

// placeLabels writes the names of the bodies with most events (nodes come
// most events first) beside their node: right, left, above or below,
// wherever the label covers no other label and no other node and stays on
// the canvas. A name with no such place is left to the tooltip, so that
// the picture never shows text over text.
func placeLabels(nodes []drawnNode) {
	circles := make([]rect, len(nodes))
	for i, nd := range nodes {
		circles[i] = rect{nd.X - nd.R, nd.Y - nd.R, nd.X + nd.R, nd.Y + nd.R}
	}
	var placed []rect
	for i := range nodes {
		if i >= maxLabels {
			break
		}
		nd := &nodes[i]
		w := labelCharW * float64(len([]rune(nd.Name)))
		for pos := range 4 {
			r, x, y, anchor := labelBox(*nd, w, pos)
			if r.x0 < 2 || r.y0 < 2 || r.x1 > netWidth-2 || r.y1 > netHeight-2 {
				continue
			}
			free := true
			for _, p := range placed {
				if r.overlap(p) > 0 {
					free = false
					break
				}
			}
			for j, c := range circles {
				if free && j != i && r.overlap(c) > 0 {
					free = false
				}
			}
			if free {
				nd.Label, nd.LabelX, nd.LabelY, nd.Anchor = true, round1(x), round1(y), anchor
				placed = append(placed, r)
				break
			}
		}
	}
}
