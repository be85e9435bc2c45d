// bench_zxing.cpp - zxing-cpp (Debian 12's libzxing-dev, 1.4) behind a C
// function, for the benches only: it lets tests/bench_qrframe.c run the
// peer on the very frames ours sees, and gives score-decoder a zxing
// adapter (zxing_scan_main) that loads images through our own imgload.
// Never linked into the product: tests/bench_scan.sh compiles it when the
// library is installed.
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <string>

#define ZX_USE_UTF8 1
#include <ZXing/ReadBarcode.h>

extern "C" {
#include "tests/bench_zxing.h"
}

static ZXing::DecodeHints hints()
{
	ZXing::DecodeHints h;

	// zxing's defaults (try harder, rotate, downscale), QR codes only
	h.setFormats(ZXing::BarcodeFormat::QRCode);
	return h;
}

extern "C" int zxing_read(const uint8_t *grey, int w, int h, int stride, char *texts,
			  size_t cap, int max)
{
	static const ZXing::DecodeHints hh = hints();
	ZXing::ImageView v(grey, w, h, ZXing::ImageFormat::Lum, stride, 1);
	ZXing::Results rs = ZXing::ReadBarcodes(v, hh);
	size_t used = 0;
	int n = 0;

	for (const auto &r : rs) {
		if (!r.isValid() || n >= max)
			continue;
		std::string t = r.text(); // UTF-8 (ZX_USE_UTF8)
		if (used + t.size() + 1 > cap)
			break;
		std::memcpy(texts + used, t.data(), t.size());
		texts[used + t.size()] = '\0';
		used += t.size() + 1;
		n++;
	}
	return n;
}
