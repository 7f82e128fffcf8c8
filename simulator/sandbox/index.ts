/**
 * The simulated shop: emulator + mock gateway + settings + journal + payment service, in one
 * process, for the Gherkin scenarios and `wmqr demo`. See docs/scenarios.md.
 */
export {
  SimulatedShop,
  SHOP_LINK_DEFAULTS,
  type SimulatedShopOptions,
  type ShopTime,
  type PrinterLinkKind,
} from './simulated-shop';
export {
  SHOP_PAYMENT_TYPES,
  SHOP_SETTINGS_DEFAULTS,
  shopSettingsJson,
  writeShopSettings,
  type ShopPaymentType,
  type ShopSettingsChoices,
  type ShopSettingsTargets,
} from './shop-settings';
export { PrinterTap, type PrinterCall } from './printer-tap';
export { IoInFlight } from './io-in-flight';
export { driveVirtualTime, type VirtualTimeDriverOptions } from './virtual-time-driver';
