/** A full-length SBP payment link, as a shop's QR code carries it. */
export const SBP_URL =
  'https://qr.nspk.ru/AD10006M8KH2K5RT8M1PGG2LPS9BL3NB' +
  '?type=02&bank=100000000111&sum=31600&cur=RUB&crc=AB75';
