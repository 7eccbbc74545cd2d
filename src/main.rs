//! The `conc` command: see [`conc::cli`].

/// Native code that calls back into conc (a `__repr__`, a key function, a
/// generator's `send`) nests on the Rust stack; a large stack keeps the
/// recursion limit, not the OS, in charge of how deep that may go.
const MAIN_STACK_BYTES: usize = 256 << 20;

/// Every str, list and frame is a heap allocation: mimalloc makes them
/// markedly cheaper than the system allocator (measured on the wordcount
/// benchmark). The library leaves the choice to programs that embed it.
#[global_allocator]
static ALLOCATOR: Allocator = Allocator;

/// mimalloc, called as the system allocator is: plain `mi_malloc` for the
/// alignments it always gives (as `std`'s `System` does with `malloc`).
/// `mimalloc::MiMalloc` always calls `mi_malloc_aligned`, whose extra
/// checks were 2% of the instructions of the wordcount benchmark.
struct Allocator;

/// What `mi_malloc` aligns every block of at least this size to.
const MI_MAX_ALIGN_SIZE: usize = 16;

type Plain = unsafe extern "C" fn(usize) -> *mut std::ffi::c_void;
type Aligned = unsafe extern "C" fn(usize, usize) -> *mut std::ffi::c_void;

impl Allocator {
    /// A block of `layout` from `plain` when mimalloc's own alignment
    /// suffices, else from `aligned`.
    #[inline]
    unsafe fn get(layout: std::alloc::Layout, plain: Plain, aligned: Aligned) -> *mut u8 {
        if layout.align() <= MI_MAX_ALIGN_SIZE && layout.align() <= layout.size() {
            plain(layout.size()).cast()
        } else {
            aligned(layout.size(), layout.align()).cast()
        }
    }
}

// SAFETY: every path returns mimalloc memory of the layout's size and
// alignment (plain calls only where mimalloc guarantees the alignment), and
// frees with `mi_free`, which takes blocks from any of these calls.
unsafe impl std::alloc::GlobalAlloc for Allocator {
    #[inline]
    unsafe fn alloc(&self, layout: std::alloc::Layout) -> *mut u8 {
        Self::get(
            layout,
            libmimalloc_sys::mi_malloc,
            libmimalloc_sys::mi_malloc_aligned,
        )
    }

    #[inline]
    unsafe fn alloc_zeroed(&self, layout: std::alloc::Layout) -> *mut u8 {
        Self::get(
            layout,
            libmimalloc_sys::mi_zalloc,
            libmimalloc_sys::mi_zalloc_aligned,
        )
    }

    #[inline]
    unsafe fn dealloc(&self, ptr: *mut u8, _layout: std::alloc::Layout) {
        libmimalloc_sys::mi_free(ptr.cast());
    }

    #[inline]
    unsafe fn realloc(&self, ptr: *mut u8, layout: std::alloc::Layout, new_size: usize) -> *mut u8 {
        use libmimalloc_sys::{mi_realloc, mi_realloc_aligned};
        if layout.align() <= MI_MAX_ALIGN_SIZE && layout.align() <= new_size {
            mi_realloc(ptr.cast(), new_size).cast()
        } else {
            mi_realloc_aligned(ptr.cast(), new_size, layout.align()).cast()
        }
    }
}

fn main() {
    let runner = std::thread::Builder::new()
        .name("main".into())
        .stack_size(MAIN_STACK_BYTES)
        .spawn(conc::cli::main);
    let code = match runner.map(|h| h.join()) {
        Ok(Ok(code)) => code,
        Ok(Err(_)) => 70, // a panic: a bug in conc, already reported on stderr
        Err(e) => {
            eprintln!("conc: cannot start the interpreter thread: {e}");
            70
        }
    };
    std::process::exit(code);
}
