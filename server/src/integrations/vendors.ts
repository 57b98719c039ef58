/** The vendors' base URLs (DESIGN.md: LUMO_*_API_URL), as the server's Config holds them. */
export interface VendorUrls {
  lineApiUrl: string;
  lineDataApiUrl: string;
  /** Unset: each shop's own https://{shop}. */
  shopifyApiUrl: string | undefined;
  hubspotApiUrl: string;
  klaviyoApiUrl: string;
}

export const PRODUCTION_VENDORS: VendorUrls = {
  lineApiUrl: 'https://api.line.me',
  lineDataApiUrl: 'https://api-data.line.me',
  shopifyApiUrl: undefined,
  hubspotApiUrl: 'https://api.hubapi.com',
  klaviyoApiUrl: 'https://a.klaviyo.com',
};
