#!/usr/bin/env python3
# gen_sounds.py - writes the door's three verdict sounds into assets/sounds/
# (16-bit mono 22050 Hz WAV). Run once; the WAVs are committed so building
# needs no Python. Distinct on purpose: rising for yes, flat twice for
# "already in", low and falling for no.
import math, struct, sys, wave, os

RATE = 22050

def tone(freq, ms, vol=0.5, square=False):
    n = int(RATE * ms / 1000)
    out = []
    for i in range(n):
        t = i / RATE
        s = math.sin(2 * math.pi * freq * t)
        if square:
            s = 0.6 * (1 if s >= 0 else -1) + 0.4 * s
        # 8 ms fade in and out: no clicks.
        env = min(1.0, i / (RATE * 0.008), (n - i) / (RATE * 0.008))
        out.append(int(32767 * vol * env * s))
    return out

def silence(ms):
    return [0] * int(RATE * ms / 1000)

def write(path, samples):
    with wave.open(path, 'wb') as w:
        w.setnchannels(1)
        w.setsampwidth(2)
        w.setframerate(RATE)
        w.writeframes(struct.pack('<%dh' % len(samples), *samples))

d = sys.argv[1] if len(sys.argv) > 1 else 'assets/sounds'
os.makedirs(d, exist_ok=True)
write(os.path.join(d, 'ok.wav'), tone(880, 110) + silence(30) + tone(1320, 180))
write(os.path.join(d, 'used.wav'), tone(660, 150) + silence(80) + tone(660, 150))
write(os.path.join(d, 'rejected.wav'), tone(300, 220, square=True) + silence(40) + tone(200, 380, square=True))
