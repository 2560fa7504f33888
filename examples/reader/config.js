// Where the CMS API lives.
// '' = the same origin as this page (the API serves the reader at /reader/ when CMS_SERVE_READER=true).
// Hosting the reader elsewhere? Put the API's URL here, e.g. 'https://cms.example.com'
// (a path prefix such as 'https://example.com/api' works too), and allow this site's origin
// in the API's CMS_CORS_ORIGINS.
export const API_BASE = '';
