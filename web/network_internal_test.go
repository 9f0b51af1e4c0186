package web

import (
	"fmt"
	"testing"

	"github.com/coopwatch/coopwatch/extract"
	"github.com/coopwatch/coopwatch/index"
)

// The network never writes a name over another name or over another
// node, and keeps names on the canvas, however dense the cluster.
func TestLayoutLabelsDoNotOverlap(t *testing.T) {
	for _, k := range []int{1, 2, 6, 17, 40} {
		t.Run(fmt.Sprint(k), func(t *testing.T) {
			var n index.Network
			for i := range k {
				n.Nodes = append(n.Nodes, index.Node{Name: fmt.Sprintf("Zweckverband Kommunale Datenverarbeitung %d", i),
					Kind: extract.KindVerband, Events: k - i})
				for j := range i {
					if (i+j)%3 != 0 { // a dense, not complete, graph
						n.Edges = append(n.Edges, index.Edge{Source: j, Target: i, Weight: 1 + (i*j)%4})
					}
				}
			}
			d := layout(n)
			var boxes []rect
			labelled := 0
			for _, nd := range d.Nodes {
				if !nd.Label {
					continue
				}
				labelled++
				w := labelCharW * float64(len([]rune(nd.Name)))
				r := rect{nd.LabelX, nd.LabelY - 11, nd.LabelX + w, nd.LabelY + 3}
				switch nd.Anchor {
				case "end":
					r.x0, r.x1 = nd.LabelX-w, nd.LabelX
				case "middle":
					r.x0, r.x1 = nd.LabelX-w/2, nd.LabelX+w/2
				case "start":
				default:
					t.Fatalf("anchor %q", nd.Anchor)
				}
				if r.x0 < 0 || r.y0 < 0 || r.x1 > netWidth || r.y1 > netHeight {
					t.Errorf("label of %s leaves the canvas: %+v", nd.Name, r)
				}
				for _, b := range boxes {
					if r.overlap(b) > 0.5 { // rounding
						t.Errorf("label of %s %+v covers another label %+v", nd.Name, r, b)
					}
				}
				for _, o := range d.Nodes {
					if o.Name != nd.Name && r.overlap(rect{o.X - o.R, o.Y - o.R, o.X + o.R, o.Y + o.R}) > 0.5 {
						t.Errorf("label of %s covers the node of %s", nd.Name, o.Name)
					}
				}
				boxes = append(boxes, r)
			}
			if !d.Nodes[0].Label || labelled > maxLabels {
				t.Errorf("%d of %d nodes labelled, the largest %v; want it labelled and at most %d", labelled, k, d.Nodes[0].Label, maxLabels)
			}
		})
	}
}
