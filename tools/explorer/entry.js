// What the entity page needs, as one global: window.NewsgraphDraw = { Graph, Sigma, forceAtlas2 }.
import Graph from "graphology";
import forceAtlas2 from "graphology-layout-forceatlas2";
import Sigma from "sigma";

window.NewsgraphDraw = { Graph, Sigma, forceAtlas2 };
