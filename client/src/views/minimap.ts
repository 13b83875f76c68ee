/**
 * A minimap in the canvas's corner on big canvases (over MINIMAP_NODES nodes): every shown node as a
 * dot in its label's colour and the part in view as a frame; a click or a drag there centres the
 * view on that point. Redrawn at most once a frame, after the viewport or the graph changes.
 */
import type { Core } from 'cytoscape';
import { h } from '../dom.js';
import { nodeStyle } from '../style.js';

export const MINIMAP_NODES = 500;
const WIDTH = 180;
const HEIGHT = 120;
const PAD = 6;

export class Minimap {
  private readonly canvas: HTMLCanvasElement;
  private frame = 0;
  /** Graph → minimap: scale and offset of the last drawing. */
  private map = { scale: 1, x: 0, y: 0 };

  constructor(
    host: HTMLElement,
    private readonly cy: Core,
  ) {
    this.canvas = h('canvas', { className: 'minimap', hidden: true, ariaLabel: 'Minimap: click to go there' });
    const ratio = window.devicePixelRatio || 1;
    this.canvas.width = WIDTH * ratio;
    this.canvas.height = HEIGHT * ratio;
    host.append(this.canvas);
    cy.on('viewport resize add remove position', () => this.schedule());
    this.canvas.addEventListener('pointerdown', (e) => {
      this.canvas.setPointerCapture(e.pointerId);
      this.goTo(e);
      const move = (m: PointerEvent) => this.goTo(m);
      const up = () => {
        this.canvas.removeEventListener('pointermove', move);
        this.canvas.removeEventListener('pointerup', up);
      };
      this.canvas.addEventListener('pointermove', move);
      this.canvas.addEventListener('pointerup', up);
    });
  }

  private schedule(): void {
    if (this.frame) return;
    this.frame = requestAnimationFrame(() => {
      this.frame = 0;
      this.draw();
    });
  }

  /** Centres the view on the graph point under the pointer. */
  private goTo(e: PointerEvent): void {
    const box = this.canvas.getBoundingClientRect();
    const gx = (e.clientX - box.left - this.map.x) / this.map.scale;
    const gy = (e.clientY - box.top - this.map.y) / this.map.scale;
    const zoom = this.cy.zoom();
    this.cy.pan({ x: this.cy.width() / 2 - gx * zoom, y: this.cy.height() / 2 - gy * zoom });
  }

  private draw(): void {
    const nodes = this.cy.nodes(':visible');
    this.canvas.hidden = this.cy.nodes().length <= MINIMAP_NODES;
    if (this.canvas.hidden || nodes.empty()) return;
    const bb = nodes.boundingBox({ includeLabels: false });
    const scale = Math.min((WIDTH - 2 * PAD) / (bb.w || 1), (HEIGHT - 2 * PAD) / (bb.h || 1));
    this.map = {
      scale,
      x: PAD + (WIDTH - 2 * PAD - bb.w * scale) / 2 - bb.x1 * scale,
      y: PAD + (HEIGHT - 2 * PAD - bb.h * scale) / 2 - bb.y1 * scale,
    };
    const ctx = this.canvas.getContext('2d');
    if (!ctx) return;
    const ratio = this.canvas.width / WIDTH;
    ctx.setTransform(ratio, 0, 0, ratio, 0, 0);
    ctx.clearRect(0, 0, WIDTH, HEIGHT);
    const { x, y } = this.map;
    nodes.forEach((n) => {
      const p = n.position();
      ctx.fillStyle = nodeStyle(n.data('label') as string).color;
      ctx.fillRect(x + p.x * scale - 1, y + p.y * scale - 1, 2, 2);
    });
    const view = this.cy.extent();
    ctx.strokeStyle = '#1d4ed8';
    ctx.lineWidth = 1.5;
    ctx.strokeRect(x + view.x1 * scale, y + view.y1 * scale, view.w * scale, view.h * scale);
  }
}
