import { useEffect, useRef } from 'react';
import L from 'leaflet';

/**
 * Map tiles are optional: set them with ?tiles=<url template> (remembered in localStorage), e.g.
 * https://tile.openstreetmap.org/{z}/{x}/{y}.png. Without them the map is a plain grid with the marker.
 */
function tileTemplate(): string | undefined {
  const fromQuery = new URLSearchParams(location.search).get('tiles');
  if (fromQuery !== null) localStorage.setItem('servicehub.tiles', fromQuery);
  return localStorage.getItem('servicehub.tiles') || undefined;
}

export function LiveMap({ position }: { position: { latitude: number; longitude: number } | undefined }) {
  const element = useRef<HTMLDivElement>(null);
  const map = useRef<L.Map | undefined>(undefined);
  const marker = useRef<L.CircleMarker | undefined>(undefined);
  const trail = useRef<L.Polyline | undefined>(undefined);

  useEffect(() => {
    if (!element.current) return undefined;
    const m = L.map(element.current, { zoomControl: true, attributionControl: false }).setView([24.7136, 46.6753], 13);
    const tiles = tileTemplate();
    if (tiles) L.tileLayer(tiles, { maxZoom: 19 }).addTo(m);
    trail.current = L.polyline([], { color: '#0f766e', weight: 3, opacity: 0.6 }).addTo(m);
    map.current = m;
    return () => { m.remove(); };
  }, []);

  useEffect(() => {
    const m = map.current;
    if (!m || !position) return;
    const point: L.LatLngExpression = [position.latitude, position.longitude];
    if (!marker.current) {
      marker.current = L.circleMarker(point, { radius: 9, color: '#fff', weight: 2, fillColor: '#0f766e', fillOpacity: 1 }).addTo(m);
    } else {
      marker.current.setLatLng(point);
    }
    trail.current?.addLatLng(point);
    m.panTo(point);
  }, [position?.latitude, position?.longitude]);

  return <div className="map" ref={element} data-testid="map" />;
}
