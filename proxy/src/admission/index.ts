/** Admission control: query slots per caller and in all, and the heap budget every answer is charged to. */
export { Admission, admitQuery } from './admission';
export { defaultMemoryBudget, heapLimitBytes, MemoryBudget } from './memoryBudget';
