# FFmpeg configuration for lavfx: a curated set for stylisation, dataset
# generation and tone mapping, not the whole of FFmpeg (faster builds, fewer
# surprises). Everything external is named explicitly (--disable-autodetect).
# Included by the Makefile; editing this file reconfigures and rebuilds FFmpeg.
#
# Copyright (c) 2026 the lavfx authors
# SPDX-License-Identifier: LGPL-2.1-or-later

FF_FLAGS := --disable-autodetect --disable-everything --disable-doc \
    --disable-network --enable-gpl --enable-zlib --enable-pthreads \
    --enable-libx264 --enable-libdav1d \
    --prefix=$(PREFIX)
# Containers and files: mp4/mov, mkv/webm, image sequences, raw video, GIF/APNG,
# null/framemd5 for tests, lavfi as an input device.
FF_FLAGS += --enable-protocol=file,pipe \
    --enable-demuxer=mov,matroska,image2,image2pipe,rawvideo,gif,apng,yuv4mpegpipe,concat,wav,mp3,aac,h264,hevc,ivf,image_png_pipe,image_jpeg_pipe,image_exr_pipe,image_tiff_pipe \
    --enable-muxer=mp4,mov,matroska,webm,image2,image2pipe,rawvideo,gif,apng,yuv4mpegpipe,null,framemd5,framecrc,md5,nut,wav \
    --enable-indev=lavfi
# Decoders: H.264/HEVC/VP8/VP9, AV1 (dav1d), MPEG-4, still images incl. EXR,
# and the common audio codecs so clips with sound pass through.
FF_FLAGS += --enable-decoder=h264,hevc,vp8,vp9,libdav1d,mpeg4,mjpeg,ffv1,png,apng,exr,tiff,gif,bmp,ppm,pgm,pam,rawvideo,aac,mp3,opus,vorbis,flac,pcm_s16le,pcm_f32le \
    --enable-parser=h264,hevc,vp8,vp9,av1,mpeg4video,mjpeg,png,aac,mpegaudio,opus,vorbis,flac
# Encoders: H.264 (x264), lossless FFV1, stills (PNG, JPEG, TIFF, PPM, EXR: for benchmark sequences), GIF/APNG,
# raw video, wrapped_avframe (-f null), AAC/AC-3 (mkv default)/FLAC/PCM audio.
FF_FLAGS += --enable-encoder=libx264,libx264rgb,ffv1,png,apng,mjpeg,tiff,exr,ppm,pam,gif,rawvideo,wrapped_avframe,aac,ac3,flac,pcm_s16le \
    --enable-bsf=h264_mp4toannexb,hevc_mp4toannexb,aac_adtstoasc,vp9_superframe
# Filters: the lavfx filters plus what their pipelines use (format conversion,
# palettes for GIF, stacking/tiling, trimming, metrics, test sources).
FF_FLAGS += --enable-filter=primitive,exrtonemap --extra-libs=-lplacebo \
    --enable-filter=buffer,buffersink,abuffer,abuffersink,format,aformat,null,anull,copy \
    --enable-filter=scale,aresample,fps,settb,setpts,asetpts,setsar,setdar,trim,atrim,loop \
    --enable-filter=split,asplit,select,concat,crop,pad,hflip,vflip,transpose,overlay \
    --enable-filter=hstack,vstack,xstack,tile,palettegen,paletteuse,tonemap,colorspace \
    --enable-filter=psnr,ssim,showinfo,metadata,sendcmd,framestep,alphaextract,alphamerge \
    --enable-filter=testsrc,testsrc2,color,nullsrc,smptebars,gblur,eq,lut,negate
# strokerender (stroke data to frames): its core parses JSON with cJSON.
FF_FLAGS += --enable-filter=strokerender --extra-libs=-lcjson
# SANITIZE=yes (make check-sanitize, in its own BUILD): AddressSanitizer and
# UBSan in every object, lavfx's glue and cores included, symbols kept.
# -fcommon: FFmpeg 5.1's configure reads the C symbol prefix from nm's first
# symbol named like `int ff_extern;`, and with GCC's ASan that is the ODR
# indicator "__odr_asan.ff_extern" (then no asm function links); a common
# symbol has no indicator.
ifeq ($(SANITIZE),yes)
FF_FLAGS += --toolchain=gcc-asan --extra-cflags='-fsanitize=undefined -fno-omit-frame-pointer -fcommon' \
    --extra-ldflags=-fsanitize=undefined --disable-stripping
endif
# CUDA: hwaccel decode/encode through ffnvcodec's dynamic loader, and nvcc-built
# CUDA filters. --enable-cuda-nvcc requires --enable-nonfree (see README: the
# resulting ffmpeg is for your own use, not redistribution). -fmad=false: no
# contraction of a * b + c into FMA, so lavfx's kernels give the CPU's bits.
ifeq ($(CUDA),yes)
FF_FLAGS += --enable-ffnvcodec --enable-cuda --enable-cuvid --enable-nvdec --enable-nvenc \
    --enable-cuda-nvcc --enable-nonfree --nvcc=$(NVCC) \
    --nvccflags='-gencode arch=compute_75,code=compute_75 -O2 -fmad=false' \
    --enable-hwaccel=h264_nvdec,hevc_nvdec,vp9_nvdec,av1_nvdec \
    --enable-decoder=h264_cuvid,hevc_cuvid,vp9_cuvid,av1_cuvid \
    --enable-encoder=h264_nvenc,hevc_nvenc,av1_nvenc \
    --enable-filter=hwupload,hwdownload,hwupload_cuda,hwmap,scale_cuda,overlay_cuda,thumbnail_cuda
endif

