/// <reference types="vite/client" />

declare module '*.geojson' {
  const collection: GeoJSON.FeatureCollection;
  export default collection;
}
